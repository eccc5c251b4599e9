using SipGuard.Configuration;
using StackExchange.Redis;

namespace SipGuard.Cluster;

/// <summary>Opens the Redis connection of <c>cluster</c> at start-up and reads the shared lists once, so the first
/// compile serves them. Redis unreachable does not stop start-up: the node starts with its list files and
/// StackExchange.Redis keeps reconnecting in the background.</summary>
internal static class ClusterConnector
{
    private const int TimeoutMilliseconds = 2000;

    public static RedisListOverlay Connect(ClusterConfig cluster, IEnumerable<string> lists, TextWriter log)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { { cluster.RedisHost, cluster.RedisPort } },
            Password = cluster.Password,
            Ssl = cluster.Tls,
            AbortOnConnectFail = false,
            ConnectTimeout = TimeoutMilliseconds,
            SyncTimeout = TimeoutMilliseconds,
            AsyncTimeout = TimeoutMilliseconds,
            ClientName = "sipguard-" + cluster.Node,
            // A short heartbeat notices a dead Redis within a second or two instead of the default minute.
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            ReconnectRetryPolicy = new LinearRetry(500),
        };
        if (cluster.Tls)
        {
            options.SslHost = cluster.RedisHost;
        }

        var redis = ConnectionMultiplexer.Connect(options);
        var overlay = new RedisListOverlay(redis, new ClusterKeys(cluster.KeyPrefix));
        try
        {
            overlay.Resync(lists);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.WriteLine($"sipguard: cluster: Redis {cluster.Endpoint} unreachable at start-up ({e.Message}); starting with the list files, the shared entries follow when it is reachable");
        }

        return overlay;
    }
}
