using System.Globalization;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Admin;
using SipGuard.Configuration;
using SipGuard.Proxy.Resilience;
using StackExchange.Redis;

namespace SipGuard.Cluster;

/// <summary>
/// A flood blocked on one node is blocked on all: each block this node starts is published on the
/// cluster's flood channel (<c>node|address|seconds</c>), and each block another node publishes is
/// applied here for the same time. Publishing is handed to StackExchange.Redis without waiting, so the
/// receive thread that found the flood never waits for Redis; a block published while Redis is down
/// stays on its node.
/// </summary>
internal sealed partial class ClusterFloodBlocks(
    RedisListOverlay overlay,
    ClusterKeys keys,
    ClusterConfig cluster,
    ProxyStatus status,
    ILogger<ClusterFloodBlocks> logger) : IHostedService
{
    private FloodBlocks? _blocks;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        status.ProxyStarted += Hook;
        Hook();
        try
        {
            await overlay.Redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.FloodBlocks), (_, message) => OnMessage(message)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // StackExchange.Redis re-subscribes by itself when the connection comes back.
            NotSubscribed(logger, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        status.ProxyStarted -= Hook;
        if (_blocks is { } blocks)
        {
            blocks.Blocked -= Publish;
        }

        return Task.CompletedTask;
    }

    private void Hook()
    {
        if (_blocks is null && status.FloodBlocks is { } blocks)
        {
            _blocks = blocks;
            blocks.Blocked += Publish;
        }
    }

    private void Publish(IPAddress source, TimeSpan blockFor)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"{cluster.Node}|{source}|{blockFor.TotalSeconds}");
        _ = overlay.Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(keys.FloodBlocks), message, CommandFlags.FireAndForget);
    }

    private void OnMessage(RedisValue message)
    {
        var parts = ((string?)message)?.Split('|');
        if (parts is not { Length: 3 } || parts[0] == cluster.Node || _blocks is not { } blocks
            || !IPAddress.TryParse(parts[1], out var source)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 86_400)
        {
            return;
        }

        blocks.BlockFromPeer(source, TimeSpan.FromSeconds(seconds));
        BlockedByPeer(logger, source, parts[0], seconds);
    }

    [LoggerMessage(EventId = 74, Level = LogLevel.Warning, Message = "Cluster: source {Source} blocked for {Seconds} s, found flooding by node {Node}")]
    private static partial void BlockedByPeer(ILogger logger, IPAddress source, string node, double seconds);

    [LoggerMessage(EventId = 75, Level = LogLevel.Warning, Message = "Cluster: flood blocks of other nodes not received yet ({Reason}); subscribing when Redis answers")]
    private static partial void NotSubscribed(ILogger logger, string reason);
}
