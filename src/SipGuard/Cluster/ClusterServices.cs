using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SipGuard.Admin;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cluster;

/// <summary>Registers a clustered node's services: the shared overlay's sync, its state on /readyz, its metrics.</summary>
internal static class ClusterServices
{
    public static void Add(IServiceCollection services, RedisListOverlay overlay, ClusterConfig cluster)
    {
        var state = new ClusterState(cluster.Endpoint);
        services.AddSingleton(overlay);
        services.AddSingleton(cluster);
        services.AddSingleton(new ClusterKeys(cluster.KeyPrefix));
        services.AddSingleton(state);
        services.AddSingleton<IReadinessDetail>(state);
        services.AddSingleton(sp => new ClusterMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<ConfigStore<RuntimeSnapshot>>(), state));
        services.AddHostedService<ClusterSync>();
        services.AddHostedService<ClusterLimits>();
        services.AddHostedService<ClusterFloodBlocks>();
    }
}
