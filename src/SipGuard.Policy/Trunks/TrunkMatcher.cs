namespace SipGuard.Policy.Trunks;

/// <summary>
/// Finds the trunk of a source: longest prefix first, and at equal length a pattern with a port before
/// one without. A linear scan over the sorted patterns: trunks number in the tens, and the scan is a
/// few integer compares each, with no allocation.
/// </summary>
internal sealed class TrunkMatcher
{
    private readonly SourcePattern[] _patterns;
    private readonly TrunkSnapshot[] _trunks;

    public TrunkMatcher(IEnumerable<(SourcePattern Pattern, TrunkSnapshot Trunk)> entries)
    {
        var sorted = entries
            .OrderByDescending(e => e.Pattern.PrefixLength)
            .ThenByDescending(e => e.Pattern.Port != 0)
            .ToArray();
        _patterns = [.. sorted.Select(e => e.Pattern)];
        _trunks = [.. sorted.Select(e => e.Trunk)];
    }

    public TrunkSnapshot? Match(in SourceEndpoint source)
    {
        var patterns = _patterns;
        for (var i = 0; i < patterns.Length; i++)
        {
            if (patterns[i].Matches(source))
            {
                return _trunks[i];
            }
        }

        return null;
    }
}
