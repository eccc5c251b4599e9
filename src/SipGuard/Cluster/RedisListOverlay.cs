using SipGuard.Admin.Lists;
using SipGuard.Configuration;
using StackExchange.Redis;

namespace SipGuard.Cluster;

/// <summary>
/// Runtime list entries shared through Redis: a set per list. Each node keeps a copy in memory that every compile
/// reads (so a call, a reload and <c>explain</c> never wait for Redis); <see cref="ClusterSync"/> refreshes that copy
/// on a change message, on reconnection and by periodic reconcile. A change goes to Redis first and is refused with
/// <see cref="ClusterUnavailableException"/> while Redis cannot be reached: an accepted change is on every node's
/// next reconcile, a refused one is nowhere, and none is kept on one node only.
/// </summary>
internal sealed class RedisListOverlay(IConnectionMultiplexer redis, ClusterKeys keys) : IListOverlay
{
    private readonly Lock _lock = new();
    private Dictionary<string, string[]> _entries = new(StringComparer.Ordinal);

    public IConnectionMultiplexer Redis => redis;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Read(SipGuardConfig config)
    {
        lock (_lock)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var list in config.Policy.Lists)
            {
                if (_entries.TryGetValue(list.Id, out var entries) && entries.Length > 0)
                {
                    result[list.Id] = entries;
                }
            }

            return result;
        }
    }

    public int Add(SipGuardConfig config, string list, IReadOnlyList<string> entries)
    {
        var values = entries.Select(e => (RedisValue)e).ToArray();
        var added = Write(db => db.SetAdd(keys.List(list), values), list);
        Refresh(list);
        return (int)added;
    }

    public bool Remove(SipGuardConfig config, string list, string entry)
    {
        var removed = Write(db => db.SetRemove(keys.List(list), entry) ? 1 : 0, list) > 0;
        Refresh(list);
        return removed;
    }

    /// <summary>Reads every list's set from Redis into memory (writing the node's copy back first if Redis lost its
    /// data); true when anything changed. Throws <see cref="RedisException"/> or <see cref="TimeoutException"/> when Redis is out of reach.</summary>
    public bool Resync(IEnumerable<string> lists)
    {
        var db = redis.GetDatabase();
        if (!db.KeyExists(keys.Seeded))
        {
            SeedFromMemory(db);
        }

        var fresh = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            fresh[list] = db.SetMembers(keys.List(list)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToArray();
        }

        lock (_lock)
        {
            var changed = fresh.Any(kv => !_entries.TryGetValue(kv.Key, out var old) ? kv.Value.Length > 0 : !old.SequenceEqual(kv.Value));
            _entries = fresh;
            return changed;
        }
    }

    /// <summary>Redis came back empty (restarted without persistence): what this node last knew goes back, so an
    /// entry accepted before the loss is not dropped by the nodes converging on an empty Redis.</summary>
    private void SeedFromMemory(IDatabase db)
    {
        Dictionary<string, string[]> known;
        lock (_lock)
        {
            known = _entries;
        }

        foreach (var (list, entries) in known)
        {
            if (entries.Length > 0)
            {
                db.SetAdd(keys.List(list), entries.Select(e => (RedisValue)e).ToArray());
            }
        }

        db.StringSet(keys.Seeded, "1");
    }

    private long Write(Func<IDatabase, long> change, string list)
    {
        if (!redis.IsConnected)
        {
            throw new ClusterUnavailableException("Redis is unreachable: list changes are refused until it is back (lists keep their last known entries)");
        }

        try
        {
            var db = redis.GetDatabase();
            if (!db.KeyExists(keys.Seeded))
            {
                SeedFromMemory(db);
            }

            var result = change(db);
            redis.GetSubscriber().Publish(RedisChannel.Literal(keys.Changes), list);
            return result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ClusterUnavailableException($"Redis did not take the change: {e.Message}", e);
        }
    }

    private void Refresh(string list)
    {
        string[] members;
        try
        {
            members = redis.GetDatabase().SetMembers(keys.List(list)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The change is in Redis; this node picks it up at the next reconcile.
            return;
        }

        lock (_lock)
        {
            _entries = new Dictionary<string, string[]>(_entries, StringComparer.Ordinal) { [list] = members };
        }
    }
}
