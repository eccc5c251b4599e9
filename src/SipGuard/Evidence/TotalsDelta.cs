namespace SipGuard.Evidence;

/// <summary>One trunk's screened calls on one UTC day since the previous totals line, by verdict and by rule.</summary>
/// <param name="Intercepted">Rejected by SipGuard (enforce), including unknown peers.</param>
/// <param name="Flagged">Would have been rejected (monitor mode): forwarded and recorded.</param>
/// <param name="Tagged">Forwarded with a warning (grey list).</param>
/// <param name="Rules">Intercepted + flagged + tagged calls by rule id.</param>
internal sealed record TotalsDelta(DateOnly Day, string Trunk, long Screened, long Allowed, long Intercepted, long Flagged, long Tagged, IReadOnlyList<KeyValuePair<string, long>> Rules);
