namespace SipGuard.Proxy.Configuration;

/// <summary>A named group of next hops accepted calls are forwarded to (YAML <c>upstreams.&lt;id&gt;</c>).</summary>
/// <param name="Id">The key under <c>upstreams:</c>; trunks name it in <c>upstream:</c>.</param>
/// <param name="Targets">Next hops; the lowest <see cref="UpstreamTargetConfig.Priority"/> is tried first, ties share by weight.</param>
/// <param name="FailoverCodes">Final responses that make the proxy try the next target instead of relaying
/// (default 408 and 503: the target could not take the call, another may).</param>
/// <param name="Probe">OPTIONS health probing of the targets; null = not probed.</param>
public sealed record UpstreamConfig(
    string Id,
    IReadOnlyList<UpstreamTargetConfig> Targets,
    IReadOnlyList<int> FailoverCodes,
    ProbeConfig? Probe)
{
    public static IReadOnlyList<int> DefaultFailoverCodes { get; } = [408, 503];

    public static readonly TimeSpan DefaultTryTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one target may stay silent (no response at all, not even 100 Trying) before the call
    /// moves to the next target (YAML <c>try_timeout</c>). Timer B still bounds the whole call.
    /// </summary>
    public TimeSpan TryTimeout { get; init; } = DefaultTryTimeout;

    /// <summary>The circuit breaker each target of this upstream gets (YAML <c>breaker</c>).</summary>
    public BreakerConfig Breaker { get; init; } = BreakerConfig.Default;

    /// <summary>
    /// The upstream is inside SipGuard's trust domain (YAML <c>trusted</c>, default true). When false,
    /// a call with <c>Privacy: id</c> reaches it without P-Asserted-Identity (RFC 3325 §7).
    /// </summary>
    public bool Trusted { get; init; } = true;
}
