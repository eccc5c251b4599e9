using SipGuard.Proxy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The circuit breaker of one upstream target, shared by every config that names the same endpoint
/// (it lives in <see cref="TargetHealthRegistry"/>, not in a snapshot, so a reload keeps it).
/// Closed: calls go. Open: calls skip the target until <c>openUntil</c>; then exactly one call (the
/// half-open trial, won by a compare-and-swap) may try it, and the next trial waits another period.
/// A successful try or OPTIONS probe closes the breaker. Transport errors and silence open it after
/// <see cref="BreakerConfig.FailuresBeforeOpen"/> in a row; failover answers (503, 408…) only as a
/// rate over a window (<see cref="AnswerWindow"/>), since an upstream that refuses one line's calls
/// is not down for the others. Nothing that happens while it is open extends the open period.
/// Admission only reads one field.
/// </summary>
internal sealed class TargetHealth
{
    private long _openUntil; // TimeProvider timestamp; 0 = closed
    private readonly AnswerWindow _answers = new();
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

    /// <summary>
    /// A try failed at the transport (send error, connect failure, no answer in time); returns true
    /// when this opened the breaker. While it is open nothing changes: late failures of calls sent
    /// before it opened, or a failed trial (whose admission already set the next period), do not
    /// push the reopening out.
    /// </summary>
    public bool Failed(long now, int failuresBeforeOpen, long openFor)
    {
        if (Volatile.Read(ref _openUntil) != 0)
        {
            return false;
        }

        var failures = Interlocked.Increment(ref _failures);
        if (failures >= failuresBeforeOpen && Interlocked.CompareExchange(ref _openUntil, now + openFor, 0) == 0)
        {
            _answers.Clear();
            return true;
        }

        return false;
    }

    /// <summary>
    /// The target answered a try: <paramref name="failed"/> when with a failover code (503, 408…).
    /// An answer proves the target reachable (the transport failure count restarts); a success
    /// closes an open breaker; a failover answer opens a closed one only when, over
    /// <see cref="BreakerConfig.Window"/>, at least <see cref="BreakerConfig.MinAnswers"/> answers
    /// came and at least <see cref="BreakerConfig.FailureRate"/> of them failed.
    /// </summary>
    public BreakerChange Answered(long now, bool failed, BreakerConfig breaker, long frequency)
    {
        if (!failed)
        {
            if (Succeeded())
            {
                _answers.Clear();
                return BreakerChange.Closed;
            }

            _answers.Record(now, WindowTicks(breaker, frequency), failed: false, breaker.MinAnswers, breaker.FailureRate);
            return BreakerChange.None;
        }

        if (Volatile.Read(ref _failures) != 0)
        {
            Volatile.Write(ref _failures, 0);
        }

        if (Volatile.Read(ref _openUntil) != 0 ||
            !_answers.Record(now, WindowTicks(breaker, frequency), failed: true, breaker.MinAnswers, breaker.FailureRate))
        {
            return BreakerChange.None;
        }

        var openFor = (long)(breaker.OpenFor.TotalSeconds * frequency);
        if (Interlocked.CompareExchange(ref _openUntil, now + openFor, 0) != 0)
        {
            return BreakerChange.None;
        }

        _answers.Clear();
        return BreakerChange.Opened;
    }

    private static long WindowTicks(BreakerConfig breaker, long frequency) => (long)(breaker.Window.TotalSeconds * frequency);

    /// <summary>Probes say the target is down: open the breaker now (no effect if already open); true when this opened it.</summary>
    public bool ForceOpen(long now, long openFor) =>
        Volatile.Read(ref _openUntil) == 0 && Interlocked.CompareExchange(ref _openUntil, now + openFor, 0) == 0;
}
