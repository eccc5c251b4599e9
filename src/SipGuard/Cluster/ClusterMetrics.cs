using System.Diagnostics.Metrics;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cluster;

/// <summary>
/// <c>sipguard_config_info{version}</c> (1, on every node) and, when clustered, <c>sipguard_cluster_redis_up</c>
/// (1 reached, 0 not) on the host meter; both observed at scrape time.
/// </summary>
internal sealed class ClusterMetrics : IDisposable
{
    private readonly Meter _meter;

    public ClusterMetrics(IMeterFactory meters, ConfigStore<RuntimeSnapshot> store, ClusterState? state)
    {
        _meter = meters.Create(Telemetry.HostMetrics.MeterName);
        _meter.CreateObservableGauge(
            "sipguard.config.info",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", store.HasValue ? store.Current.Snapshot.Version : "none")),
            description: "1, tagged with the running config version (a hash of the shared config keys and list contents).");
        if (state is not null)
        {
            _meter.CreateObservableGauge("sipguard.cluster.redis.up", () => state.IsUp ? 1 : 0, description: "1 when this node reaches the cluster's Redis, 0 when it serves its last known lists.");
        }
    }

    public void Dispose() => _meter.Dispose();
}
