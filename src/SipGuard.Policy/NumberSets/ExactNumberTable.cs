namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Open-addressing hash set of <see cref="E164Number"/> keys with linear probing, sized for a load
/// factor of 0.6 so ten million numbers take about 13 bytes each and a lookup touches one or two cache
/// lines. Slot value 0 means empty (no real number has key 0). Immutable once built.
/// </summary>
internal sealed class ExactNumberTable
{
    private const double LoadFactor = 0.6;

    private readonly ulong[] _slots;

    private ExactNumberTable(ulong[] slots, int count)
    {
        _slots = slots;
        Count = count;
    }

    public static ExactNumberTable Empty { get; } = new([0UL], 0);

    /// <summary>Distinct numbers held.</summary>
    public int Count { get; }

    /// <summary>Bytes held by the table (for the bytes-per-entry figure).</summary>
    public long AllocatedBytes => (long)_slots.Length * sizeof(ulong);

    public bool Contains(ulong key)
    {
        var slots = _slots;
        var i = IndexOf(key, slots.Length);
        while (true)
        {
            var s = slots[i];
            if (s == key)
            {
                return true;
            }

            if (s == 0)
            {
                return false;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    /// <summary>Builds the table; duplicates collapse. <paramref name="keys"/> must not contain 0.</summary>
    public static ExactNumberTable Build(ReadOnlySpan<ulong> keys)
    {
        if (keys.IsEmpty)
        {
            return Empty;
        }

        var capacity = (int)Math.Min(int.MaxValue - 64, (long)(keys.Length / LoadFactor) + 1);
        var slots = new ulong[capacity];
        var count = 0;
        foreach (var key in keys)
        {
            var i = IndexOf(key, capacity);
            while (true)
            {
                var s = slots[i];
                if (s == 0)
                {
                    slots[i] = key;
                    count++;
                    break;
                }

                if (s == key)
                {
                    break;
                }

                if (++i == capacity)
                {
                    i = 0;
                }
            }
        }

        return new ExactNumberTable(slots, count);
    }

    /// <summary>Every key held (slow; for tests and explain).</summary>
    public IEnumerable<ulong> Keys()
    {
        foreach (var s in _slots)
        {
            if (s != 0)
            {
                yield return s;
            }
        }
    }

    private static int IndexOf(ulong key, int capacity)
    {
        // fmix64 spreads numbers that differ only in their last digits; the multiply-high maps the hash
        // onto any capacity without a power-of-two size (which would waste up to half the memory).
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        key *= 0xc4ceb9fe1a85ec53UL;
        key ^= key >> 33;
        return (int)Math.BigMul(key, (ulong)capacity, out _);
    }
}
