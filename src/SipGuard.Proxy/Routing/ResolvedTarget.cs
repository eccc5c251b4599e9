using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// One address a DNS name of an upstream target led to (RFC 3263 §4): where to send, and the SRV
/// record's priority and weight, which order and share it among the addresses of the same name.
/// </summary>
/// <param name="Priority">The SRV priority (lower first); 0 for a name resolved by A/AAAA alone.</param>
/// <param name="Weight">The SRV weight (at least 1: a weight of 0 still gets a small share, RFC 2782).</param>
public readonly record struct ResolvedTarget(OutboundTarget Target, int Priority, int Weight);
