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
    private readonly NumberSet? _runtime;

    public NumberSet(ExactNumberTable exact, DigitPrefixTrie prefixesAndRanges)
        : this(exact, prefixesAndRanges, null)
    {
    }

    private NumberSet(ExactNumberTable exact, DigitPrefixTrie prefixesAndRanges, NumberSet? runtime)
    {
        _exact = exact;
        _prefixes = prefixesAndRanges;
        _runtime = runtime;
    }

    public static NumberSet Empty { get; } = new(ExactNumberTable.Empty, DigitPrefixTrie.Empty);

    public int ExactCount => _exact.Count;

    public int PrefixCount => _prefixes.PrefixCount;

    public int RangeCount => _prefixes.RangeCount;

    public bool IsEmpty => ExactCount == 0 && PrefixCount == 0 && RangeCount == 0;

    public long AllocatedBytes => _exact.AllocatedBytes;

    /// <summary>
    /// This set's own entries plus <paramref name="runtime"/> (entries added through the list API), without
    /// copying the tables: a ten-million-entry list file gains a few runtime entries at no rebuild cost.
    /// </summary>
    public NumberSet WithRuntimeEntries(NumberSet runtime) => new(_exact, _prefixes, runtime.IsEmpty ? null : runtime);

    public bool Contains(E164Number number) => ContainsOwn(number) || (_runtime is not null && _runtime.ContainsOwn(number));

    /// <summary>Membership in the entries this set was built from (a list's file), runtime entries aside.</summary>
    public bool ContainsOwn(E164Number number)
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
