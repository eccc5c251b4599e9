using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Admin;
using SipGuard.Configuration;
using SipGuard.Proxy.Resilience;
using StackExchange.Redis;

namespace SipGuard.Cluster;

/// <summary>
/// Shares the trunk limits (<c>calls_per_second</c>, <c>concurrent_calls</c>) and the global calls/s
/// limit across the nodes. Every <see cref="SyncInterval"/> each node writes its own counters for each
/// limit (calls in progress, calls admitted so far) into the limit's Redis hash and reads the other
/// nodes' back: their calls in progress count against the concurrency limit, and their rate over the
/// last second is taken off this node's calls/s bucket. The call path only reads the last values.
/// </summary>
/// <remarks>
/// A node that has not written for <see cref="NodeTimeout"/> no longer counts (it died or lost Redis).
/// While Redis cannot be reached every limit holds per node, as without a cluster: N nodes may then
/// admit up to N times a limit. docs/cluster.md states the overshoot with Redis up and measures it.
/// </remarks>
internal sealed partial class ClusterLimits(
    RedisListOverlay overlay,
    ClusterKeys keys,
    ClusterConfig cluster,
    ProxyStatus status,
    TimeProvider time,
    ILogger<ClusterLimits> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Id, string Node), RemoteRate> _rates = [];
    private int _running;
    private bool _failing;
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => _ = SyncAsync(), null, SyncInterval, SyncInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>One exchange with Redis; one that finds the previous still running is skipped.</summary>
    internal async Task SyncAsync()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1 || status.Admissions is not { } registry)
        {
            Volatile.Write(ref _running, 0);
            return;
        }

        try
        {
            var db = overlay.Redis.GetDatabase();
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var writes = new List<Task>();
            foreach (var count in registry.LocalCounts())
            {
                var value = string.Create(CultureInfo.InvariantCulture, $"{count.Active}:{count.Admitted}:{now}");
                writes.Add(db.HashSetAsync(keys.Limit(count.Id), cluster.Node, value));
                writes.Add(db.SetAddAsync(keys.Limits, count.Id));
            }

            await Task.WhenAll(writes).ConfigureAwait(false);
            var ids = await db.SetMembersAsync(keys.Limits).ConfigureAwait(false);
            var reads = ids.Select(id => (Id: (string)id!, Entries: db.HashGetAllAsync(keys.Limit(id!)))).ToArray();
            foreach (var (id, entries) in reads)
            {
                var (active, rate) = OtherNodes(id, await entries.ConfigureAwait(false), now);
                registry.SetRemote(id, active, rate);
            }

            if (_failing)
            {
                _failing = false;
                Resumed(logger);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            registry.ClearRemote();
            if (!_failing)
            {
                _failing = true;
                Unshared(logger, e.Message);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private (int Active, double Rate) OtherNodes(string id, HashEntry[] entries, long now)
    {
        var active = 0;
        var rate = 0.0;
        foreach (var entry in entries)
        {
            var node = (string)entry.Name!;
            if (node == cluster.Node || !TryParse((string?)entry.Value, out var nodeActive, out var admitted, out var at) || now - at > NodeTimeout.TotalMilliseconds)
            {
                continue;
            }

            active += nodeActive;
            if (!_rates.TryGetValue((id, node), out var history))
            {
                _rates[(id, node)] = history = new RemoteRate();
            }

            rate += history.Add(admitted, at);
        }

        return (active, rate);
    }

    private static bool TryParse(string? value, out int active, out long admitted, out long at)
    {
        active = 0;
        admitted = at = 0;
        var parts = value?.Split(':');
        return parts is { Length: 3 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out active)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out admitted)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out at);
    }

    /// <summary>One other node's admitted-calls counter over the last second: its rate is the slope.</summary>
    private sealed class RemoteRate
    {
        private readonly Queue<(long Admitted, long At)> _samples = new();

        public double Add(long admitted, long at)
        {
            if (_samples.Count == 0 || at > _samples.Last().At)
            {
                _samples.Enqueue((admitted, at));
            }

            while (_samples.Count > 2 && at - _samples.ElementAt(1).At >= RateWindow.TotalMilliseconds)
            {
                _samples.Dequeue();
            }

            var (firstAdmitted, firstAt) = _samples.Peek();
            return at > firstAt ? Math.Max(0, admitted - firstAdmitted) * 1000.0 / (at - firstAt) : 0;
        }
    }

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "Cluster: limits cannot be shared ({Reason}); each limit holds for this node alone until Redis answers")]
    private static partial void Unshared(ILogger logger, string reason);

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "Cluster: limits shared again")]
    private static partial void Resumed(ILogger logger);
}
