namespace SipGuard.Proxy.Resilience;

/// <summary>One upstream target as the admin endpoints see it (read at request time, never on the call path).</summary>
/// <param name="Target">The target's endpoint, <c>host:port</c>.</param>
/// <param name="Transport">udp or tcp.</param>
/// <param name="BreakerOpen">The breaker is open: calls skip the target (a half-open trial aside).</param>
/// <param name="Probed">An OPTIONS probe watches the target.</param>
/// <param name="ProbeMisses">Probes unanswered in a row (0 when not probed).</param>
public sealed record TargetHealthReport(string Target, string Transport, bool BreakerOpen, bool Probed, int ProbeMisses);
