namespace SipGuard.Proxy.Configuration;

/// <summary>The circuit breaker of each upstream target (YAML <c>upstreams.&lt;id&gt;.breaker</c>).</summary>
/// <param name="FailuresBeforeOpen">Consecutive failed tries (transport error, silence, a failover code) that open the breaker.</param>
/// <param name="OpenFor">How long an open breaker keeps calls away before one call may try the target again (half-open);
/// a successful OPTIONS probe closes it sooner.</param>
public sealed record BreakerConfig(int FailuresBeforeOpen, TimeSpan OpenFor)
{
    public static BreakerConfig Default { get; } = new(3, TimeSpan.FromSeconds(30));
}
