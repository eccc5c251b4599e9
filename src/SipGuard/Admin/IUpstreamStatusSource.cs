using SipGuard.Proxy.Resilience;

namespace SipGuard.Admin;

/// <summary>
/// Where readiness, the upstream gauge and the console learn whether upstreams are reachable
/// (<see cref="ProbedUpstreamStatus"/>: the running proxy's breakers and probes).
/// </summary>
public interface IUpstreamStatusSource
{
    /// <summary>Every configured upstream, read at scrape or health-check time (not on the call path).</summary>
    IReadOnlyList<UpstreamStatus> Current();

    /// <summary>Each upstream's targets with their breaker and probe state; empty before the proxy runs.</summary>
    IReadOnlyList<UpstreamHealthReport> Details();
}
