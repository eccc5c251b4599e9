namespace SipGuard.Proxy.Transactions;

/// <summary>
/// A bounded table of <see cref="ProxyTransaction"/> slots. Responses find theirs in O(1) by the slot
/// and generation encoded in our Via branch (<see cref="BranchId"/>); requests find theirs by the
/// RFC 3261 §17.2.3 key in a hash index with striped locks. Full means full: no growth, the caller
/// answers 503.
/// </summary>
internal sealed class TransactionTable
{
    private const int LockStripes = 64;

    private readonly ProxyTransaction?[] _slots;
    private readonly ProxyTransaction?[] _buckets;
    private readonly object[] _bucketLocks;
    private readonly int _bucketMask;
    private readonly int[] _free;
    private readonly object _freeLock = new();
    private readonly ITransactionOwner _owner;
    private readonly Sip.Timers.TimingWheel _wheel;
    private int _freeCount;
    private uint _nextGeneration;

    public TransactionTable(int capacity, ITransactionOwner owner, Sip.Timers.TimingWheel wheel, uint generationSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _owner = owner;
        _wheel = wheel;
        _slots = new ProxyTransaction?[capacity];
        _free = new int[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i;
        }

        _freeCount = capacity;
        var buckets = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 16));
        _buckets = new ProxyTransaction?[buckets];
        _bucketMask = buckets - 1;
        _bucketLocks = new object[LockStripes];
        for (var i = 0; i < LockStripes; i++)
        {
            _bucketLocks[i] = new object();
        }

        _nextGeneration = generationSeed;
    }

    public int Capacity => _slots.Length;

    public int Active => Capacity - Volatile.Read(ref _freeCount);

    /// <summary>Transactions still waiting for a final response (a scan: for shutdown, not the call path).</summary>
    public int CountAwaitingFinalResponse()
    {
        var count = 0;
        foreach (var transaction in _slots)
        {
            if (transaction is { InUse: true, Server.AwaitingFinal: true })
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The transaction object of <paramref name="slot"/> (in use or free), for the rare scans; null before its first use.</summary>
    public ProxyTransaction? At(int slot) => Volatile.Read(ref _slots[slot]);

    /// <summary>The transaction a branch of ours names, if that use of the slot is still live.</summary>
    public ProxyTransaction? FindByBranch(int slot, uint generation)
    {
        if ((uint)slot >= (uint)_slots.Length)
        {
            return null;
        }

        var transaction = Volatile.Read(ref _slots[slot]);
        return transaction is { InUse: true } && transaction.Generation == generation ? transaction : null;
    }

    /// <summary>
    /// Finds the server transaction with <paramref name="key"/>, or (when <paramref name="create"/>)
    /// creates and indexes one, atomically: two copies of a request arriving on two receive threads
    /// at once make exactly one transaction.
    /// </summary>
    public ServerLookup FindOrCreate(int hash, ReadOnlySpan<byte> key, bool create, out ProxyTransaction? transaction)
    {
        var bucket = hash & _bucketMask;
        lock (_bucketLocks[bucket & (LockStripes - 1)])
        {
            for (var t = _buckets[bucket]; t is not null; t = t.NextInBucket)
            {
                if (t.KeyHash == hash && t.Key.SequenceEqual(key))
                {
                    transaction = t;
                    return ServerLookup.Found;
                }
            }

            if (!create)
            {
                transaction = null;
                return ServerLookup.NotFound;
            }

            transaction = Allocate();
            if (transaction is null)
            {
                return ServerLookup.Full;
            }

            transaction.SetKey(hash, key);
            transaction.NextInBucket = _buckets[bucket];
            _buckets[bucket] = transaction;
            return ServerLookup.Created;
        }
    }

    /// <summary>Gives the call's admission back once it is answered, and the slot once both sides are over.</summary>
    public void ReleaseIfDone(ProxyTransaction transaction)
    {
        transaction.ReleaseAdmissionOnceAnswered();
        if (transaction.InUse && transaction.IsDone)
        {
            Release(transaction);
        }
    }

    /// <summary>Unindexes the transaction and returns its slot; its buffers stay with the slot.</summary>
    public void Release(ProxyTransaction transaction)
    {
        if (transaction.KeyLength > 0)
        {
            var bucket = transaction.KeyHash & _bucketMask;
            lock (_bucketLocks[bucket & (LockStripes - 1)])
            {
                ProxyTransaction? previous = null;
                for (var t = _buckets[bucket]; t is not null; previous = t, t = t.NextInBucket)
                {
                    if (!ReferenceEquals(t, transaction))
                    {
                        continue;
                    }

                    if (previous is null)
                    {
                        _buckets[bucket] = t.NextInBucket;
                    }
                    else
                    {
                        previous.NextInBucket = t.NextInBucket;
                    }

                    break;
                }
            }
        }

        transaction.Reset();
        lock (_freeLock)
        {
            _free[_freeCount++] = transaction.Slot;
        }
    }

    private ProxyTransaction? Allocate()
    {
        int slot;
        uint generation;
        lock (_freeLock)
        {
            if (_freeCount == 0)
            {
                return null;
            }

            slot = _free[--_freeCount];
            generation = ++_nextGeneration;
        }

        var transaction = _slots[slot];
        if (transaction is null)
        {
            transaction = new ProxyTransaction(slot, _owner, _wheel);
            Volatile.Write(ref _slots[slot], transaction);
        }

        transaction.Claim(generation);
        return transaction;
    }
}
