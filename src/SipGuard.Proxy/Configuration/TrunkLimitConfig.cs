namespace SipGuard.Proxy.Configuration;

/// <summary>Admission limits of one trunk (YAML <c>limits.trunks.&lt;trunk&gt;</c>); 0 = unlimited.</summary>
/// <param name="Trunk">The trunk's name under <c>trunks:</c>.</param>
/// <param name="CallsPerSecond">New INVITEs admitted per second (token bucket, bursts up to one second's worth).</param>
/// <param name="ConcurrentCalls">Calls in progress (forwarded, no final response yet) at once.</param>
/// <param name="Status">The response to a call over the limit (503 by default, with Retry-After; 486 and 480 are usual too).</param>
public sealed record TrunkLimitConfig(string Trunk, int CallsPerSecond, int ConcurrentCalls, int Status)
{
    public const int DefaultStatus = 503;

    /// <summary>This trunk's transaction-table quota (YAML <c>max_transactions</c>); 0 = the per-trunk default.</summary>
    public int MaxTransactions { get; init; }
}
