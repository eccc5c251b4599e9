using SipGuard.Proxy.Routing;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// A read-only look at the breakers and probes of the running snapshot's upstreams, for health
/// checks, metrics and the console. Each call builds a fresh report; nothing here is on the call path.
/// </summary>
public sealed class UpstreamHealthView
{
    private readonly Func<ProxySnapshot> _snapshot;
    private readonly UpstreamProber _prober;

    internal UpstreamHealthView(Func<ProxySnapshot> snapshot, UpstreamProber prober)
    {
        _snapshot = snapshot;
        _prober = prober;
    }

    public IReadOnlyList<UpstreamHealthReport> Current()
    {
        var upstreams = _snapshot().Upstreams;
        var reports = new UpstreamHealthReport[upstreams.Count];
        for (var u = 0; u < upstreams.Count; u++)
        {
            var route = upstreams[u];
            var health = route.Health;
            var targets = new TargetHealthReport[route.Targets.Length];
            for (var i = 0; i < targets.Length; i++)
            {
                var target = route.Targets[i];
                var open = i < health.Length && health[i].IsOpen;
                var misses = i < health.Length ? _prober.MissesOf(health[i]) : -1;
                targets[i] = new TargetHealthReport(
                    target.Remote.ToString(),
                    target.Transport.ToString().ToLowerInvariant(),
                    open,
                    misses >= 0,
                    Math.Max(misses, 0));
            }

            reports[u] = new UpstreamHealthReport(route.Id, targets);
        }

        return reports;
    }
}
