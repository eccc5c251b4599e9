using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Routing;

/// <summary>The proxy's own switches from config (YAML <c>proxy:</c>), in wire-ready form.</summary>
/// <param name="WarnAgent">The warn-agent of our <c>Warning: 399</c> headers (RFC 3261 §20.43).</param>
/// <param name="TagHeader">Header name a grey-listed call carries its label in.</param>
internal sealed record ProxyBehaviour(
    bool RecordRoute,
    byte[] WarnAgent,
    byte[] TagHeader,
    TimerSettings Timers,
    TimeSpan RetryAfter)
{
    /// <summary>YAML <c>role</c>: read per request, so a reload may switch it; transactions in flight finish as they began.</summary>
    public Configuration.ProxyRole Role { get; init; }
}
