using SipGuard.Proxy.Configuration;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// How many transactions each trunk may hold in the transaction table at once, compiled from
/// <c>limits.max_transactions_per_trunk</c> and <c>limits.trunks.&lt;t&gt;.max_transactions</c>, so
/// one line (or whoever forges its traffic) cannot fill the table the other lines need. The
/// counts live in <see cref="TrunkAdmission"/>; this holds only the numbers of one config.
/// </summary>
internal sealed class TransactionQuotas
{
    private readonly int _perTrunk;
    private readonly Dictionary<string, int> _overrides;

    public TransactionQuotas(LimitsConfig limits)
    {
        _perTrunk = limits.MaxTransactionsPerTrunk;
        _overrides = limits.Trunks.Where(t => t.MaxTransactions > 0).ToDictionary(t => t.Trunk, t => t.MaxTransactions, StringComparer.Ordinal);
    }

    /// <summary>No quota for any trunk.</summary>
    public static TransactionQuotas None { get; } = new(LimitsConfig.Default with { MaxTransactionsPerTrunk = 0 });

    /// <summary>The quota of <paramref name="trunkId"/>: its own, else the per-trunk default; 0 = unlimited.</summary>
    public int For(string trunkId) => _overrides.TryGetValue(trunkId, out var own) ? own : _perTrunk;
}
