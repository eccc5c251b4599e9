namespace SipGuard.Admin.Lists;

/// <summary>The body of <c>POST /api/lists/{list}/entries</c>: <c>{"entries": ["+8613800000000", "+8617951*"]}</c>.</summary>
internal sealed record ListEntriesRequest(IReadOnlyList<string>? Entries);
