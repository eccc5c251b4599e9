namespace SipGuard.Evidence;

/// <summary>A line's screened calls over the report's range, from the log's totals lines.</summary>
internal sealed record TrunkTotals(string Trunk, long Screened, long Allowed, long Intercepted, long Flagged, long Tagged, IReadOnlyDictionary<string, long> Rules)
{
    /// <summary>Intercepted + flagged per screened call (0 when nothing was screened).</summary>
    public double Rate => Screened == 0 ? 0 : (double)(Intercepted + Flagged) / Screened;
}
