namespace SipGuard.Policy.Yaml;

/// <summary>"Did you mean" for misspelt keys and enum values: the closest candidate by edit distance
/// (insertions, deletions, substitutions and swaps of neighbours, so <c>alowed_callers</c> and
/// <c>upstraem</c> both find their key).</summary>
internal static class KeySuggester
{
    /// <summary>The candidate closest to <paramref name="word"/>, or null when none is close enough to be a typo.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // A third of the word may be wrong (at least one edit, at most three) before a guess stops helping.
        var allowed = Math.Clamp(word.Length / 3, 1, 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of a substring).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
            }
        }

        return d[a.Length, b.Length];
    }
}
