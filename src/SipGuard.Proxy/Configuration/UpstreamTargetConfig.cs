using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Configuration;

/// <summary>One next hop of an upstream (<c>sip:127.0.0.1:5080</c>, optionally <c>;transport=tcp</c>).</summary>
/// <param name="Uri">The SIP URI as written.</param>
/// <param name="Transport">From the URI's <c>transport</c> parameter (UDP when absent, TLS for <c>sips:</c>).</param>
/// <param name="Host">The host part: an IP literal or a name the proxy resolves.</param>
/// <param name="Port">The port (5060, or 5061 for <c>sips:</c>, when the URI has none).</param>
/// <param name="Priority">Lower is tried first (default 0).</param>
/// <param name="Weight">Share among targets of the same priority (default 1).</param>
public sealed record UpstreamTargetConfig(
    string Uri,
    SipTransportKind Transport,
    string Host,
    int Port,
    int Priority,
    int Weight);
