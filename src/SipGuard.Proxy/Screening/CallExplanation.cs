using SipGuard.Policy;

namespace SipGuard.Proxy.Screening;

/// <summary>The policy's trace for one INVITE (null when the request itself is malformed) and what the caller would get.</summary>
public sealed record CallExplanation(PolicyTrace? Trace, string Response);
