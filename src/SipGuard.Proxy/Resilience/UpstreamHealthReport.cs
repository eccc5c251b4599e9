namespace SipGuard.Proxy.Resilience;

/// <summary>One configured upstream and the state of its targets' breakers and probes.</summary>
/// <param name="Id">The upstream's name in the config.</param>
/// <param name="Targets">Its targets, best priority first.</param>
public sealed record UpstreamHealthReport(string Id, IReadOnlyList<TargetHealthReport> Targets)
{
    /// <summary>Calls can go to it now: at least one target's breaker is closed.</summary>
    public bool Reachable => Targets.Any(t => !t.BreakerOpen);
}
