using System.Collections.Concurrent;

namespace SipGuard.Proxy.Resilience;

/// <summary>The counters of every trunk limit, keyed by trunk id, kept for the life of the proxy (reloads keep them).</summary>
internal sealed class AdmissionRegistry
{
    private readonly ConcurrentDictionary<string, TrunkAdmission> _trunks = new(StringComparer.Ordinal);

    public TrunkAdmission For(string id) => _trunks.GetOrAdd(id, static _ => new TrunkAdmission());
}
