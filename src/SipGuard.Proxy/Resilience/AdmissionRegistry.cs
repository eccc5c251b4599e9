using System.Collections.Concurrent;

namespace SipGuard.Proxy.Resilience;

/// <summary>
/// The counters of every trunk limit, keyed by trunk id (the global limit under <c>*</c>), kept for
/// the life of the proxy (reloads keep them). Public so a cluster can share them: it reads this
/// node's counts and hands back the other nodes' (<see cref="SetRemote"/>), off the call path.
/// </summary>
public sealed class AdmissionRegistry
{
    private readonly ConcurrentDictionary<string, TrunkAdmission> _trunks = new(StringComparer.Ordinal);

    internal TrunkAdmission For(string id) => _trunks.GetOrAdd(id, static _ => new TrunkAdmission());

    /// <summary>This node's calls in progress and calls admitted so far, per limit that has seen a call.</summary>
    public IReadOnlyList<AdmissionCount> LocalCounts() =>
        _trunks.Select(kv => new AdmissionCount(kv.Key, kv.Value.Active, kv.Value.Admitted)).ToArray();

    /// <summary>The other nodes' calls in progress and calls per second for limit <paramref name="id"/>.</summary>
    public void SetRemote(string id, int active, double callsPerSecond) => For(id).SetRemote(active, callsPerSecond);

    /// <summary>Forget every other node's share: each limit holds for this node alone again.</summary>
    public void ClearRemote()
    {
        foreach (var trunk in _trunks.Values)
        {
            trunk.SetRemote(0, 0);
        }
    }
}

/// <summary>One limit's counters on this node.</summary>
/// <param name="Id">The trunk id, or <c>*</c> for the global calls/s limit.</param>
/// <param name="Active">Calls in progress (counted only where a concurrency limit applies).</param>
/// <param name="Admitted">Calls admitted since the process started.</param>
public readonly record struct AdmissionCount(string Id, int Active, long Admitted);
