using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Which of an upstream's targets a try goes to (priority, weight, and the target's circuit breaker
/// in <see cref="TargetHealthRegistry"/>), and what each try's outcome does to that breaker. Health
/// lives outside the snapshots, so reloads keep it. <c>sipguard explain</c> chooses through the
/// same <see cref="Choose"/>.
/// </summary>
internal sealed class UpstreamTargets
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private uint _spin;

    public UpstreamTargets(TargetHealthRegistry health, TimeProvider time, ILogger logger)
    {
        Health = health;
        _time = time;
        _logger = logger;
    }

    public TargetHealthRegistry Health { get; }

    /// <summary>The target for the next try: the best untried one whose breaker admits it, on any transport; -1 when none is left.</summary>
    public int Choose(UpstreamRoute route, ulong tried) =>
        route.Select(tried, _time.GetTimestamp(), OpenFor(route), Interlocked.Increment(ref _spin));

    /// <summary>The current try got a first answer: the target is healthy.</summary>
    public void Succeeded(ClientTransaction client)
    {
        if (client.Route is { } route && route.Health is { Length: > 0 } health && health[client.TargetIndex].Succeeded())
        {
            Log.TargetUp(_logger, client.Upstream.Remote, "answered a call");
        }
    }

    /// <summary>
    /// The current try got a final answer: a failover code (503, 408…) counts towards the target's
    /// failure rate over the breaker window, any other answer as a success (TargetHealth.Answered),
    /// so a few refused calls of one line cannot open the shared target for every line.
    /// </summary>
    public void Answered(ClientTransaction client, bool failed)
    {
        if (client.Route is not { } route || route.Health is not { Length: > 0 } health)
        {
            return;
        }

        switch (health[client.TargetIndex].Answered(_time.GetTimestamp(), failed, route.Breaker, _time.TimestampFrequency))
        {
            case BreakerChange.Opened:
                Log.TargetDown(_logger, client.Upstream.Remote, "failover answers over the breaker's failure rate");
                break;
            case BreakerChange.Closed:
                Log.TargetUp(_logger, client.Upstream.Remote, "answered a call");
                break;
        }
    }

    /// <summary>The current try failed at the transport (send error, refused connect, no answer in time): count it on the target's breaker.</summary>
    public void Failed(ClientTransaction client)
    {
        if (client.Route is { } route && route.Health is { Length: > 0 } health &&
            health[client.TargetIndex].Failed(_time.GetTimestamp(), route.Breaker.FailuresBeforeOpen, OpenFor(route)))
        {
            Log.TargetDown(_logger, client.Upstream.Remote, "breaker opened");
        }
    }

    private long OpenFor(UpstreamRoute route) => (long)(route.Breaker.OpenFor.TotalSeconds * _time.TimestampFrequency);
}
