namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Trie of number prefixes over the digits of an E.164 number: <c>_next[node * 10 + digit]</c>.
/// "Does any prefix cover this number" is one walk over at most 15 digits.
/// </summary>
internal sealed class DigitPrefixTrie
{
    private readonly int[] _next;
    private readonly bool[] _terminal;

    private DigitPrefixTrie(int[] next, bool[] terminal, int count)
    {
        _next = next;
        _terminal = terminal;
        Count = count;
    }

    public static DigitPrefixTrie Empty { get; } = new(new int[10], [false], 0);

    public int Count { get; }

    /// <summary>True when some prefix is a prefix of (or equal to) <paramref name="digits"/> (values 0-9).</summary>
    public bool CoversAny(ReadOnlySpan<byte> digits)
    {
        if (Count == 0)
        {
            return false;
        }

        var node = 0;
        foreach (var d in digits)
        {
            node = _next[(node * 10) + d];
            if (node == 0)
            {
                return false;
            }

            if (_terminal[node])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Builds the trie from prefixes given as <see cref="E164Number"/> keys.</summary>
    public static DigitPrefixTrie Build(IReadOnlyCollection<ulong> prefixKeys)
    {
        if (prefixKeys.Count == 0)
        {
            return Empty;
        }

        var next = new List<int>(new int[10]);
        var terminal = new List<bool> { false };
        Span<byte> digits = stackalloc byte[E164Number.MaxDigits];
        foreach (var key in prefixKeys)
        {
            var n = E164Number.FromKey(key);
            var len = n.WriteDigits(digits);
            var node = 0;
            for (var i = 0; i < len; i++)
            {
                var d = digits[i] - '0';
                var child = next[(node * 10) + d];
                if (child == 0)
                {
                    child = terminal.Count;
                    terminal.Add(false);
                    next.AddRange(new int[10]);
                    next[(node * 10) + d] = child;
                }

                node = child;
            }

            terminal[node] = true;
        }

        return new DigitPrefixTrie([.. next], [.. terminal], prefixKeys.Count);
    }
}
