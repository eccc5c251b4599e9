namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Exact numbers, prefixes and ranges (allowed callers, special users, lists, exemptions). Membership
/// costs one hash probe and one trie walk over the digits (ranges are compiled into trie blocks):
/// linear in the digits whatever the number of entries, no allocation. Immutable.
/// </summary>
internal sealed class NumberSet
{
    private readonly ExactNumberTable _exact;
    private readonly DigitPrefixTrie _prefixes;

    public NumberSet(ExactNumberTable exact, DigitPrefixTrie prefixesAndRanges)
    {
        _exact = exact;
        _prefixes = prefixesAndRanges;
    }

    public static NumberSet Empty { get; } = new(ExactNumberTable.Empty, DigitPrefixTrie.Empty);

    public int ExactCount => _exact.Count;

    public int PrefixCount => _prefixes.PrefixCount;

    public int RangeCount => _prefixes.RangeCount;

    public bool IsEmpty => ExactCount == 0 && PrefixCount == 0 && RangeCount == 0;

    public long AllocatedBytes => _exact.AllocatedBytes;

    public bool Contains(E164Number number)
    {
        if (number.IsEmpty)
        {
            return false;
        }

        if (_exact.Contains(number.Key))
        {
            return true;
        }

        if (_prefixes.IsEmpty)
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

        return _prefixes.Covers(digits[..len]);
    }
}
