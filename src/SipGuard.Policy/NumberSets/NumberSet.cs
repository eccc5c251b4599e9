namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Exact numbers, prefixes and ranges (allowed callers, special users, lists, exemptions). Membership
/// costs one hash probe, one trie walk over the digits and one binary search: linear in the digits,
/// no allocation. Immutable.
/// </summary>
internal sealed class NumberSet
{
    private readonly ExactNumberTable _exact;
    private readonly DigitPrefixTrie _prefixes;
    private readonly NumberRangeSet _ranges;

    public NumberSet(ExactNumberTable exact, DigitPrefixTrie prefixes, NumberRangeSet ranges)
    {
        _exact = exact;
        _prefixes = prefixes;
        _ranges = ranges;
    }

    public static NumberSet Empty { get; } = new(ExactNumberTable.Empty, DigitPrefixTrie.Empty, NumberRangeSet.Empty);

    public int ExactCount => _exact.Count;

    public int PrefixCount => _prefixes.Count;

    public int RangeCount => _ranges.Count;

    public bool IsEmpty => ExactCount == 0 && PrefixCount == 0 && RangeCount == 0;

    public long AllocatedBytes => _exact.AllocatedBytes;

    public bool Contains(E164Number number)
    {
        if (number.IsEmpty)
        {
            return false;
        }

        if (_exact.Contains(number.Key) || _ranges.Contains(number.Key))
        {
            return true;
        }

        if (_prefixes.Count == 0)
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[E164Number.MaxDigits];
        var v = number.Value;
        var len = number.Length;
        for (var i = len - 1; i >= 0; i--)
        {
            digits[i] = (byte)(v % 10);
            v /= 10;
        }

        return _prefixes.CoversAny(digits[..len]);
    }
}
