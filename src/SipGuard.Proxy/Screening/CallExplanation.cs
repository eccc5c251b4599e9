using SipGuard.Policy;

namespace SipGuard.Proxy.Screening;

/// <summary>The policy's trace for one request (null when the proxy answers before the policy is asked) and what the caller would get.</summary>
/// <param name="ForwardedIdentity">For a call that would be forwarded: its identity header lines as they would leave SipGuard (From, PAI, PPI, RPID, Privacy, Diversion, History-Info), after the identity editor; empty otherwise.</param>
public sealed record CallExplanation(PolicyTrace? Trace, string Response, IReadOnlyList<string>? ForwardedIdentity = null)
{
    /// <summary>The request would leave SipGuard (to an upstream's target or its one next hop).</summary>
    public bool Forwards { get; init; }
}
