using Microsoft.Extensions.Hosting;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>Runs the <see cref="ConfigWatcher{TSnapshot}"/> for the host's lifetime (file changes and SIGHUP).</summary>
internal sealed class ConfigReloadService(ConfigWatcher<RuntimeSnapshot> watcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        watcher.Start(handleSighup: true);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher.Dispose();
        return Task.CompletedTask;
    }
}
