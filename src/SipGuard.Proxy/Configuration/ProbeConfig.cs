namespace SipGuard.Proxy.Configuration;

/// <summary>OPTIONS health probing of an upstream's targets (YAML <c>upstreams.&lt;id&gt;.probe</c>); reserved for the resilience layer.</summary>
/// <param name="Interval">Time between probes of one target.</param>
/// <param name="Timeout">How long to wait for a probe's answer.</param>
/// <param name="FailuresBeforeDown">Consecutive failed probes before the target is taken out of rotation.</param>
public sealed record ProbeConfig(TimeSpan Interval, TimeSpan Timeout, int FailuresBeforeDown)
{
    public static ProbeConfig Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 3);
}
