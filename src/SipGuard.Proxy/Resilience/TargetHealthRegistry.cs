using System.Collections.Concurrent;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// Health of every upstream target the proxy has been configured with, keyed by transport and
/// endpoint: a reload that keeps a target keeps its breaker. Looked up when a snapshot is bound,
/// never on the call path.
/// </summary>
internal sealed class TargetHealthRegistry
{
    private readonly ConcurrentDictionary<(SipTransportKind, SipEndpoint), TargetHealth> _targets = new();

    public TargetHealth For(OutboundTarget target) =>
        _targets.GetOrAdd((target.Transport, target.Remote), static (_, t) => new TargetHealth(new OutboundTarget(t.Transport, t.Remote)), target);

    public IEnumerable<TargetHealth> All => _targets.Values;
}
