namespace SipGuard.Conformance.Tests;

/// <summary>One clause of a manifest `expect` cell: for whom, over which transport, and the acceptable outcomes.</summary>
internal sealed record ExpectedOutcome(string Role, string Transport, IReadOnlySet<string> Acceptable)
{
    /// <summary>
    /// Parses e.g. "400 (udp); close (tcp)", "accept; proxy:forward; uas:501", "501 (400 ok)", "400 or tolerate".
    /// Outcome words are normalised to "accept", "drop", a status code, "wait" or "close".
    /// </summary>
    public static IReadOnlyList<ExpectedOutcome> Parse(string expect)
    {
        var result = new List<ExpectedOutcome>();
        foreach (var raw in expect.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var clause = raw;
            var role = "";
            var colon = clause.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && clause[..colon].All(char.IsLetter))
            {
                role = clause[..colon];
                clause = clause[(colon + 1)..].Trim();
            }

            var transport = "udp";
            foreach (var t in new[] { "(udp)", "(tcp)", "(stream)" })
            {
                if (clause.EndsWith(t, StringComparison.Ordinal))
                {
                    transport = t.Trim('(', ')') == "udp" ? "udp" : "stream";
                    clause = clause[..^t.Length].Trim();
                }
            }

            var acceptable = new HashSet<string>(StringComparer.Ordinal);
            if (clause.EndsWith("(400 ok)", StringComparison.Ordinal))
            {
                acceptable.Add("400");
                clause = clause[..^"(400 ok)".Length].Trim();
            }

            foreach (var alternative in clause.Split(" or ", StringSplitOptions.TrimEntries))
            {
                foreach (var word in Normalise(alternative))
                {
                    acceptable.Add(word);
                }
            }

            result.Add(new ExpectedOutcome(role, transport, acceptable));
        }

        return result;
    }

    private static IEnumerable<string> Normalise(string word) => word switch
    {
        "accept" or "tolerate" or "accept (tolerate)" or "forward" or "process" or "200" or "rfc2543-fallback" => ["accept"],
        "ignore-trailing" or "ignore-headers" or "ignore-date" => ["accept"],
        "forward-or-404" => ["accept", "404"],
        "ignore-or-401" => ["accept", "401"],
        "400-stateless" => ["400"],
        "wait-then-close" => ["wait"],
        "close" => ["close"],
        "drop" => ["drop"],
        _ when word.Length == 3 && word.All(char.IsDigit) => [word],
        _ => throw new FormatException($"Unknown expect word '{word}'"),
    };
}
