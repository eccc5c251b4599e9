namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The counters behind a <see cref="TrunkLimit"/>: a token bucket for calls per second (refilled
/// from <see cref="TimeProvider"/> timestamps on use, so no timer runs and tests can drive time) and
/// the number of calls in progress. Settings come with each call, so a reload applies at once and
/// keeps the counts. In a cluster the other nodes' share arrives every sync interval
/// (<see cref="SetRemote"/>): their calls in progress count against the concurrency limit and their
/// recent rate is taken off the bucket's refill, so the limit holds across nodes up to what one
/// interval can change (docs/cluster.md gives the bound and the measurement).
/// </summary>
internal sealed class TrunkAdmission
{
    private readonly Lock _lock = new();
    private double _tokens = -1; // -1: not started (the first call fills the bucket)
    private long _refilledAt;
    private int _active;
    private int _transactions;
    private long _admitted;
    private int _remoteActive;
    private double _remoteRate;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Calls this node admitted since it started (the other nodes derive its rate from it).</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>The other nodes' calls in progress and calls per second, as last synchronised.</summary>
    public void SetRemote(int active, double callsPerSecond)
    {
        Volatile.Write(ref _remoteActive, Math.Max(0, active));
        lock (_lock)
        {
            _remoteRate = Math.Max(0, callsPerSecond);
        }
    }

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
            if (Interlocked.Increment(ref _active) + Volatile.Read(ref _remoteActive) > limit.ConcurrentCalls)
            {
                Interlocked.Decrement(ref _active);
                return AdmissionResult.TooManyCalls;
            }

            Interlocked.Increment(ref _admitted);
            return AdmissionResult.AdmittedCounted;
        }

        Interlocked.Increment(ref _admitted);
        return AdmissionResult.Admitted;
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    private bool TryTakeToken(int perSecond, long now, long frequency)
    {
        lock (_lock)
        {
            // This node's part of the limit: what the other nodes did not use in the last interval.
            var share = Math.Max(0, perSecond - _remoteRate);
            if (_tokens < 0)
            {
                _tokens = share;
            }
            else
            {
                var elapsed = (double)(now - _refilledAt) / frequency;
                _tokens = Math.Min(share, _tokens + (elapsed * share));
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
