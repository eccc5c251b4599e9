namespace SipGuard.Proxy.Configuration;

/// <summary>The circuit breaker of each upstream target (YAML <c>upstreams.&lt;id&gt;.breaker</c>).</summary>
/// <param name="FailuresBeforeOpen">Consecutive transport failures (send or connect error, no answer in time) that open the breaker.</param>
/// <param name="OpenFor">How long an open breaker keeps calls away before one call may try the target again (half-open);
/// a successful OPTIONS probe closes it sooner. Failures while it is open do not extend it.</param>
public sealed record BreakerConfig(int FailuresBeforeOpen, TimeSpan OpenFor)
{
    public static BreakerConfig Default { get; } = new(3, TimeSpan.FromSeconds(30));

    /// <summary>Fraction of answers with a failover code (503, 408…) within <see cref="Window"/> that opens the breaker (YAML <c>failure_rate</c>).</summary>
    public double FailureRate { get; init; } = 0.5;

    /// <summary>Answers the window must hold before <see cref="FailureRate"/> counts (YAML <c>min_answers</c>).</summary>
    public int MinAnswers { get; init; } = 20;

    /// <summary>The sliding window answers are counted over (YAML <c>window</c>).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
}
