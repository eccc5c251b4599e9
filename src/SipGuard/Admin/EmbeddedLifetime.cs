using Microsoft.Extensions.Hosting;

namespace SipGuard.Admin;

/// <summary>
/// The admin web application lives inside the SipGuard host, which owns signals and the "Application started"
/// message; this lifetime keeps the inner host from installing its own SIGTERM handling or logging its own start.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
