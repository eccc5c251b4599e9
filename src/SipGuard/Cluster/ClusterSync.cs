using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Reload;
using StackExchange.Redis;

namespace SipGuard.Cluster;

/// <summary>
/// Keeps this node's copy of the shared runtime lists current: a change message on the cluster channel, a
/// reconnection and a reconcile every <see cref="ReconcileInterval"/> each read the sets from Redis and, when an
/// entry differs, reload (the list files come from the cache). Work runs on the thread pool, never on the call path.
/// </summary>
internal sealed partial class ClusterSync(
    RedisListOverlay overlay,
    ClusterKeys keys,
    ClusterConfig cluster,
    ClusterState state,
    ConfigStore<RuntimeSnapshot> store,
    ConfigWatcher<RuntimeSnapshot> watcher,
    TimeProvider time,
    ILogger<ClusterSync> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _one = new(1, 1);
    private ITimer? _timer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redis = overlay.Redis;
        redis.ConnectionFailed += (_, e) => OnDown(e.Exception?.Message ?? e.FailureType.ToString());
        redis.ConnectionRestored += (_, _) => _ = Task.Run(() => Reconcile("reconnected"));
        try
        {
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keys.Changes), (_, _) => _ = Task.Run(() => Reconcile("change message"))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // StackExchange.Redis re-subscribes by itself when the connection comes back.
            OnDown(e.Message);
        }

        await Reconcile("start").ConfigureAwait(false);
        _timer = time.CreateTimer(_ => _ = Task.Run(() => Reconcile("reconcile")), null, ReconcileInterval, ReconcileInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _one.Dispose();
    }

    /// <summary>One reconcile at a time; one that finds another running is skipped, as that one reads the latest sets.</summary>
    public async Task Reconcile(string trigger)
    {
        if (!await _one.WaitAsync(0).ConfigureAwait(false))
        {
            // A message arriving during a reconcile may have been read too late by it: run once more after.
            await _one.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            var changed = overlay.Resync(store.Current.Config.Policy.Lists.Select(l => l.Id));
            state.Up(time.GetUtcNow());
            await WriteNodeRecord().ConfigureAwait(false);
            if (changed)
            {
                var outcome = watcher.ReloadNow($"cluster: {trigger}");
                Synced(logger, trigger, outcome.Applied);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            OnDown(e.Message);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task WriteNodeRecord()
    {
        var db = overlay.Redis.GetDatabase();
        await db.HashSetAsync(keys.Node(cluster.Node), [
            new HashEntry("version", store.Current.Snapshot.Version),
            new HashEntry("reconciled", time.GetUtcNow().ToString("O")),
        ]).ConfigureAwait(false);
        await db.KeyExpireAsync(keys.Node(cluster.Node), ReconcileInterval * 6).ConfigureAwait(false);
    }

    private void OnDown(string reason)
    {
        if (state.Down(time.GetUtcNow(), reason))
        {
            Unreachable(logger, cluster.Endpoint, reason);
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Cluster: runtime lists changed ({Trigger}); reload applied: {Applied}")]
    private static partial void Synced(ILogger logger, string trigger, bool applied);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "Cluster: Redis {Endpoint} unreachable ({Reason}); calls go on with the last known lists, list changes are refused")]
    private static partial void Unreachable(ILogger logger, string endpoint, string reason);
}
