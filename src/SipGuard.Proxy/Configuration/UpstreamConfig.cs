namespace SipGuard.Proxy.Configuration;

/// <summary>A named group of next hops accepted calls are forwarded to (YAML <c>upstreams.&lt;id&gt;</c>).</summary>
/// <param name="Id">The key under <c>upstreams:</c>; trunks name it in <c>upstream:</c>.</param>
/// <param name="Targets">Next hops; the lowest <see cref="UpstreamTargetConfig.Priority"/> is tried first, ties share by weight.</param>
/// <param name="FailoverCodes">Final responses that make the proxy try the next target instead of relaying
/// (reserved for the resilience layer; default 408, 480, 500, 502, 503, 504).</param>
/// <param name="Probe">OPTIONS health probing of the targets; null = not probed.</param>
public sealed record UpstreamConfig(
    string Id,
    IReadOnlyList<UpstreamTargetConfig> Targets,
    IReadOnlyList<int> FailoverCodes,
    ProbeConfig? Probe)
{
    public static IReadOnlyList<int> DefaultFailoverCodes { get; } = [408, 480, 500, 502, 503, 504];
}
