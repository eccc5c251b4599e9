using Microsoft.Extensions.Hosting;

namespace SipGuard.Cluster;

/// <summary>Creates <see cref="ClusterMetrics"/> at start-up: its gauges exist only once the singleton is built.</summary>
internal sealed class MetricsActivation(ClusterMetrics metrics) : IHostedService
{
    public ClusterMetrics Metrics => metrics;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
