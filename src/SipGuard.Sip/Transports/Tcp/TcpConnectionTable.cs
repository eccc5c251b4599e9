using System.Collections.Concurrent;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// All open TCP connections of a transport set, by id (responses go back on the connection the
/// request came in on, RFC 3261 §18.2.2) and, for outbound ones, by remote endpoint for reuse.
/// </summary>
internal sealed class TcpConnectionTable
{
    private readonly ConcurrentDictionary<long, TcpConnection> _byId = new();
    private readonly ConcurrentDictionary<SipEndpoint, TcpConnection> _outbound = new();
    private long _lastId;
    private int _count;

    /// <summary>Open connections, kept apart from the dictionary because its Count takes every lock.</summary>
    public int Count => Volatile.Read(ref _count);

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(TcpConnection connection)
    {
        if (_byId.TryAdd(connection.Id, connection))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(TcpConnection connection)
    {
        if (_byId.TryRemove(connection.Id, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        if (connection.IsOutbound)
        {
            _outbound.TryRemove(KeyValuePair.Create(connection.Remote, connection));
        }
    }

    public bool TryGet(long id, out TcpConnection connection) => _byId.TryGetValue(id, out connection!);

    /// <summary>
    /// The outbound connection to <paramref name="remote"/>, created by <paramref name="create"/>
    /// when there is none. The factory may run twice under a race; only the stored one is started.
    /// </summary>
    public TcpConnection GetOrAddOutbound(SipEndpoint remote, Func<SipEndpoint, TcpConnection> create, out bool added)
    {
        if (_outbound.TryGetValue(remote, out var existing) && !existing.IsClosing)
        {
            added = false;
            return existing;
        }

        var fresh = create(remote);
        if (existing is not null)
        {
            _outbound.TryUpdate(remote, fresh, existing);
        }

        var stored = _outbound.GetOrAdd(remote, fresh);
        added = ReferenceEquals(stored, fresh);
        return stored;
    }

    public IReadOnlyList<TcpConnection> Snapshot() => [.. _byId.Values];
}
