namespace SipGuard.Policy.NumberSets;

/// <summary>
/// A digit trie over E.164 numbers: one array step per digit, so membership costs time linear in the
/// digits whatever the number of entries. A node that ends an entry carries a mask of the total
/// number lengths it covers: a prefix (<c>+86106602*</c>) covers every length; a block of a range
/// (<c>+8610660220000..+8610660229999</c> is the single block <c>861066022</c> of length 13) only
/// numbers of the range's length.
/// </summary>
internal sealed class DigitPrefixTrie
{
    /// <summary>The mask of an open prefix: every length.</summary>
    public const ushort AnyLength = ushort.MaxValue;

    private readonly int[] _next;
    private readonly ushort[] _lengths;

    private DigitPrefixTrie(int[] next, ushort[] lengths, int prefixes, int ranges)
    {
        _next = next;
        _lengths = lengths;
        PrefixCount = prefixes;
        RangeCount = ranges;
    }

    public static DigitPrefixTrie Empty { get; } = new(new int[10], [0], 0, 0);

    /// <summary>Open prefixes the trie was built from.</summary>
    public int PrefixCount { get; }

    /// <summary>Ranges the trie was built from (after merging overlaps).</summary>
    public int RangeCount { get; }

    public bool IsEmpty => PrefixCount == 0 && RangeCount == 0;

    /// <summary>True when some entry covers the number whose digits (0–9 values) are <paramref name="digits"/>.</summary>
    public bool Covers(ReadOnlySpan<byte> digits)
    {
        var lengthBit = (ushort)(1 << digits.Length);
        var node = 0;
        foreach (var d in digits)
        {
            node = _next[(node * 10) + d];
            if (node == 0)
            {
                return false;
            }

            if ((_lengths[node] & lengthBit) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Builds the trie from open prefixes and ranges (keys of <see cref="E164Number"/>).</summary>
    public static DigitPrefixTrie Build(IReadOnlyCollection<ulong> prefixKeys, IReadOnlyCollection<(ulong Lo, ulong Hi)> rangeKeys)
    {
        var ranges = MergeRanges(rangeKeys);
        if (prefixKeys.Count == 0 && ranges.Count == 0)
        {
            return Empty;
        }

        var builder = new Builder();
        Span<byte> digits = stackalloc byte[E164Number.MaxDigits];
        foreach (var key in prefixKeys)
        {
            var number = E164Number.FromKey(key);
            builder.Add(digits[..number.WriteDigits(digits)], AnyLength);
        }

        foreach (var (lo, hi) in ranges)
        {
            AddRange(builder, E164Number.FromKey(lo), E164Number.FromKey(hi), digits);
        }

        return builder.Build(prefixKeys.Count, ranges.Count);
    }

    /// <summary>
    /// Covers [lo, hi] with aligned blocks of 10^k numbers, each one trie entry: at most 18 per digit
    /// of length, so a range of any width costs a few hundred nodes at most.
    /// </summary>
    private static void AddRange(Builder builder, E164Number lo, E164Number hi, Span<byte> digits)
    {
        for (var length = lo.Length; length <= hi.Length; length++)
        {
            // A range whose ends differ in length covers each length in between whole.
            var from = length == lo.Length ? lo.Value : Pow10(length - 1);
            var to = length == hi.Length ? hi.Value : Pow10(length) - 1;
            var mask = (ushort)(1 << length);
            while (from <= to)
            {
                var k = 0;
                while (k < length && from % Pow10(k + 1) == 0 && from + Pow10(k + 1) - 1 <= to)
                {
                    k++;
                }

                var block = E164Number.Create(from / Pow10(k), length - k);
                builder.Add(digits[..block.WriteDigits(digits)], mask);
                from += Pow10(k);
            }
        }
    }

    private static List<(ulong Lo, ulong Hi)> MergeRanges(IReadOnlyCollection<(ulong Lo, ulong Hi)> ranges)
    {
        var merged = new List<(ulong Lo, ulong Hi)>();
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
        {
            // Keys order by length, then value, so adjacent keys of one length are adjacent numbers.
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            }
            else
            {
                merged.Add((lo, hi));
            }
        }

        return merged;
    }

    private static ulong Pow10(int exponent)
    {
        var value = 1UL;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private sealed class Builder
    {
        private readonly List<int> _next = new(new int[10]);
        private readonly List<ushort> _lengths = [0];

        /// <summary>Adds an entry; <paramref name="digits"/> are ASCII digits.</summary>
        public void Add(ReadOnlySpan<byte> digits, ushort lengths)
        {
            var node = 0;
            foreach (var digit in digits)
            {
                var d = digit - '0';
                var child = _next[(node * 10) + d];
                if (child == 0)
                {
                    child = _lengths.Count;
                    _lengths.Add(0);
                    _next.AddRange(new int[10]);
                    _next[(node * 10) + d] = child;
                }

                node = child;
            }

            _lengths[node] |= lengths;
        }

        public DigitPrefixTrie Build(int prefixes, int ranges) => new([.. _next], [.. _lengths], prefixes, ranges);
    }
}
