namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Inclusive ranges of numbers of equal length, merged into disjoint sorted intervals of
/// <see cref="E164Number"/> keys (the length sits in the key's high bits, so ranges of different lengths
/// never mix). Membership is a binary search.
/// </summary>
internal sealed class NumberRangeSet
{
    private readonly ulong[] _lo;
    private readonly ulong[] _hi;

    private NumberRangeSet(ulong[] lo, ulong[] hi)
    {
        _lo = lo;
        _hi = hi;
    }

    public static NumberRangeSet Empty { get; } = new([], []);

    public int Count => _lo.Length;

    public bool Contains(ulong key)
    {
        var lo = _lo;
        if (lo.Length == 0)
        {
            return false;
        }

        // Last interval whose start is <= key.
        var i = Array.BinarySearch(lo, key);
        if (i < 0)
        {
            i = ~i - 1;
            if (i < 0)
            {
                return false;
            }
        }

        return key <= _hi[i];
    }

    public static NumberRangeSet Build(IReadOnlyCollection<(ulong Lo, ulong Hi)> ranges)
    {
        if (ranges.Count == 0)
        {
            return Empty;
        }

        var sorted = ranges.OrderBy(r => r.Lo).ToList();
        var lo = new List<ulong>();
        var hi = new List<ulong>();
        foreach (var (l, h) in sorted)
        {
            if (hi.Count > 0 && l <= hi[^1] + 1)
            {
                hi[^1] = Math.Max(hi[^1], h);
            }
            else
            {
                lo.Add(l);
                hi.Add(h);
            }
        }

        return new NumberRangeSet([.. lo], [.. hi]);
    }
}
