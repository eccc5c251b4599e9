using Microsoft.Extensions.Hosting;

namespace SipGuard.Evidence;

/// <summary>
/// Runs the evidence log with the host. Registered before the proxy, so it starts first and stops
/// last: the proxy has drained before the queue is flushed.
/// </summary>
internal sealed class EvidenceService(EvidenceLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => log.StopAsync();
}
