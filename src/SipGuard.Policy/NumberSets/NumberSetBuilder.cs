namespace SipGuard.Policy.NumberSets;

/// <summary>Collects parsed entries and freezes them into a <see cref="NumberSet"/>.</summary>
internal sealed class NumberSetBuilder
{
    private ulong[] _exact;
    private int _exactCount;
    private readonly List<ulong> _prefixes = [];
    private readonly List<(ulong Lo, ulong Hi)> _ranges = [];

    public NumberSetBuilder(int expectedExact = 16) => _exact = new ulong[Math.Max(16, expectedExact)];

    public int Count => _exactCount + _prefixes.Count + _ranges.Count;

    public void Add(in NumberPattern pattern)
    {
        switch (pattern.Kind)
        {
            case NumberPatternKind.Exact:
                AddExact(pattern.Low);
                break;
            case NumberPatternKind.Prefix:
                _prefixes.Add(pattern.Low.Key);
                break;
            case NumberPatternKind.Range:
                _ranges.Add((pattern.Low.Key, pattern.High.Key));
                break;
        }
    }

    public void AddExact(E164Number number)
    {
        if (_exactCount == _exact.Length)
        {
            Array.Resize(ref _exact, checked(_exact.Length * 2));
        }

        _exact[_exactCount++] = number.Key;
    }

    public void AddAll(NumberSetBuilder other)
    {
        for (var i = 0; i < other._exactCount; i++)
        {
            AddExact(E164Number.FromKey(other._exact[i]));
        }

        _prefixes.AddRange(other._prefixes);
        _ranges.AddRange(other._ranges);
    }

    public NumberSet Build()
    {
        var set = new NumberSet(
            ExactNumberTable.Build(_exact.AsSpan(0, _exactCount)),
            DigitPrefixTrie.Build(_prefixes, _ranges));
        return set;
    }
}
