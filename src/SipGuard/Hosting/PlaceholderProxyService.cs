using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Reload;

namespace SipGuard.Hosting;

/// <summary>Stands where the proxy core will run: says what it would listen on, and nothing else.</summary>
internal sealed partial class PlaceholderProxyService(ConfigStore<RuntimeSnapshot> store, ILogger<PlaceholderProxyService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = store.Current.Config;
        foreach (var listener in config.Proxy.Listeners)
        {
            WouldListen(logger, listener.Uri);
        }

        NotWired(logger, config.Policy.Trunks.Count, config.Proxy.Upstreams.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Would listen on {Listener}")]
    private static partial void WouldListen(ILogger logger, string listener);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The proxy core is not wired into this build: {TrunkCount} trunk(s) and {UpstreamCount} upstream(s) loaded, no SIP traffic is handled")]
    private static partial void NotWired(ILogger logger, int trunkCount, int upstreamCount);
}
