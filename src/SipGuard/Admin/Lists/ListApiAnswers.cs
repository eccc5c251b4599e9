namespace SipGuard.Admin.Lists;

/// <summary>The list API's answer to an add: entries new to the list, whether the reload applied, its errors.</summary>
internal sealed record ListAdded(int Added, bool Applied, IReadOnlyList<string> Errors);

/// <summary>The list API's answer to a remove (one entry per request).</summary>
internal sealed record ListRemoved(int Removed, bool Applied, IReadOnlyList<string> Errors);

/// <summary>Whether a number is on a list, and from where: <c>api</c> (a runtime entry) or <c>file</c>.</summary>
internal sealed record ListEntryPresence(bool Present, string? Source);
