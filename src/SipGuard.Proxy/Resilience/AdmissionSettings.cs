using SipGuard.Policy;
using SipGuard.Proxy.Configuration;

namespace SipGuard.Proxy.Resilience;

/// <summary>The overload rules of one config: per-trunk limits, the global call rate, flood detection.</summary>
internal sealed class AdmissionSettings
{
    private readonly Dictionary<TrunkSnapshot, TrunkLimit> _trunks;

    public AdmissionSettings(Dictionary<TrunkSnapshot, TrunkLimit> trunks, TrunkLimit? global, FloodConfig? flood)
    {
        _trunks = trunks;
        Global = global;
        Flood = flood;
    }

    public static AdmissionSettings None { get; } = new(new Dictionary<TrunkSnapshot, TrunkLimit>(ReferenceEqualityComparer.Instance), null, null);

    public TrunkLimit? Global { get; }

    public FloodConfig? Flood { get; }

    /// <summary>Per-trunk transaction-table quotas of this config.</summary>
    public TransactionQuotas Transactions { get; init; } = TransactionQuotas.None;

    public TrunkLimit? For(TrunkSnapshot trunk) => _trunks.Count == 0 ? null : _trunks.GetValueOrDefault(trunk);
}
