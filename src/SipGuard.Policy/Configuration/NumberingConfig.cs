namespace SipGuard.Policy.Configuration;

/// <summary>The numbering plan callers are normalised against (YAML <c>numbering:</c>).</summary>
/// <param name="Country">ISO 3166 region used to normalise national forms; only CN is compiled today.</param>
/// <param name="ServiceNumbers">Short and service numbers (95xxx, 96xxx, 10xxx…) accepted as valid callers
/// even though the E.164 plan does not list them; patterns as in allowed_callers.</param>
/// <param name="IpAccessPrefixes">Carrier-selection / IP-access prefixes (17951, 12593…) that are flagged
/// when a caller number starts with them.</param>
public sealed record NumberingConfig(
    string Country,
    IReadOnlyList<string> ServiceNumbers,
    IReadOnlyList<string> IpAccessPrefixes)
{
    /// <summary>CN, no extra service numbers, the common Chinese IP-access prefixes.</summary>
    public static NumberingConfig Default { get; } = new("CN", [], ["17951", "17911", "12593", "17901", "10193", "17909", "96688"]);
}
