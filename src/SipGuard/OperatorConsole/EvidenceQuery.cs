namespace SipGuard.OperatorConsole;

/// <summary>The evidence panel's filters; each null or empty one matches everything.</summary>
/// <param name="Number">Digits that the caller, From, PAI, RPID or request URI contains.</param>
internal sealed record EvidenceQuery(string? Trunk, string? Reason, string? Number, DateTimeOffset? Since, DateTimeOffset? Until, int Limit);
