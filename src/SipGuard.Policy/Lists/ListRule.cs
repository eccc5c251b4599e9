using SipGuard.Policy.Configuration;

namespace SipGuard.Policy.Lists;

/// <summary>A compiled list with its action; reason and label strings are made once here, not per call.</summary>
internal sealed record ListRule(string Id, ListAction Action, int Status, string ReasonPhrase, string? Tag, NumberList List);
