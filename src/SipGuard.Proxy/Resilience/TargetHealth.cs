using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The circuit breaker of one upstream target, shared by every config that names the same endpoint
/// (it lives in <see cref="TargetHealthRegistry"/>, not in a snapshot, so a reload keeps it).
/// Closed: calls go. Open: calls skip the target until <c>openUntil</c>; then exactly one call (the
/// half-open trial, won by a compare-and-swap) may try it, and the next trial waits another period.
/// A successful try or OPTIONS probe closes the breaker. The call path only reads two fields.
/// </summary>
internal sealed class TargetHealth
{
    private long _openUntil; // TimeProvider timestamp; 0 = closed
    private int _failures;

    public TargetHealth(OutboundTarget target) => Target = target;

    public OutboundTarget Target { get; }

    public bool IsOpen => Volatile.Read(ref _openUntil) != 0;

    /// <summary>Whether a call may go to the target now (closed, or open and due for a trial); no side effect.</summary>
    public bool IsAvailable(long now)
    {
        var until = Volatile.Read(ref _openUntil);
        return until == 0 || now >= until;
    }

    /// <summary>Admits a call: always when closed; when open, only the one call that wins the trial.</summary>
    public bool TryAdmit(long now, long openFor)
    {
        var until = Volatile.Read(ref _openUntil);
        if (until == 0)
        {
            return true;
        }

        return now >= until && Interlocked.CompareExchange(ref _openUntil, now + openFor, until) == until;
    }

    /// <summary>The target answered; returns true when this closed an open breaker.</summary>
    public bool Succeeded()
    {
        if (Volatile.Read(ref _failures) != 0)
        {
            Volatile.Write(ref _failures, 0);
        }

        return Volatile.Read(ref _openUntil) != 0 && Interlocked.Exchange(ref _openUntil, 0) != 0;
    }

    /// <summary>A try failed; returns true when this opened the breaker.</summary>
    public bool Failed(long now, int failuresBeforeOpen, long openFor)
    {
        var failures = Interlocked.Increment(ref _failures);
        var until = Volatile.Read(ref _openUntil);
        if (until != 0)
        {
            // A failed trial: keep it open for another period.
            Interlocked.CompareExchange(ref _openUntil, now + openFor, until);
            return false;
        }

        return failures >= failuresBeforeOpen && Interlocked.CompareExchange(ref _openUntil, now + openFor, 0) == 0;
    }

    /// <summary>Probes say the target is down: open the breaker now (no effect if already open); true when this opened it.</summary>
    public bool ForceOpen(long now, long openFor) =>
        Volatile.Read(ref _openUntil) == 0 && Interlocked.CompareExchange(ref _openUntil, now + openFor, 0) == 0;
}
