namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The counters behind a <see cref="TrunkLimit"/>: a token bucket for calls per second (refilled
/// from <see cref="TimeProvider"/> timestamps on use, so no timer runs and tests can drive time) and
/// the number of calls in progress. Settings come with each call, so a reload applies at once and
/// keeps the counts.
/// </summary>
internal sealed class TrunkAdmission
{
    private readonly Lock _lock = new();
    private double _tokens = -1; // -1: not started (the first call fills the bucket)
    private long _refilledAt;
    private int _active;
    private int _transactions;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Transactions of this trunk in the transaction table now.</summary>
    public int Transactions => Volatile.Read(ref _transactions);

    /// <summary>
    /// Takes one of the trunk's <paramref name="quota"/> transaction slots (0 = unlimited); false
    /// when it holds them all. Each true is paired with one <see cref="ExitTransaction"/> when the
    /// transaction leaves the table.
    /// </summary>
    public bool TryEnterTransaction(int quota)
    {
        if (Interlocked.Increment(ref _transactions) <= quota || quota == 0)
        {
            return true;
        }

        Interlocked.Decrement(ref _transactions);
        return false;
    }

    public void ExitTransaction() => Interlocked.Decrement(ref _transactions);

    /// <summary>Admits a call or says which limit it hit; an admitted call with a concurrency limit must <see cref="Exit"/>.</summary>
    public AdmissionResult TryEnter(TrunkLimit limit, long now, long frequency)
    {
        if (limit.CallsPerSecond > 0 && !TryTakeToken(limit.CallsPerSecond, now, frequency))
        {
            return AdmissionResult.RateLimited;
        }

        if (limit.ConcurrentCalls > 0)
        {
            if (Interlocked.Increment(ref _active) > limit.ConcurrentCalls)
            {
                Interlocked.Decrement(ref _active);
                return AdmissionResult.TooManyCalls;
            }

            return AdmissionResult.AdmittedCounted;
        }

        return AdmissionResult.Admitted;
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    private bool TryTakeToken(int perSecond, long now, long frequency)
    {
        lock (_lock)
        {
            if (_tokens < 0)
            {
                _tokens = perSecond;
            }
            else
            {
                var elapsed = (double)(now - _refilledAt) / frequency;
                _tokens = Math.Min(perSecond, _tokens + (elapsed * perSecond));
            }

            _refilledAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
