using System.Collections.Concurrent;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// All open TCP connections of a transport set, by id (responses go back on the connection the
/// request came in on, RFC 3261 §18.2.2) and, for outbound ones, by transport (TCP or TLS) and
/// remote endpoint for reuse;
/// accepted ones are also counted per source address, so one address cannot hold every slot.
/// </summary>
internal sealed class TcpConnectionTable
{
    private readonly ConcurrentDictionary<long, TcpConnection> _byId = new();
    private readonly ConcurrentDictionary<(SipTransportKind, SipEndpoint), TcpConnection> _outbound = new();
    private readonly ConcurrentDictionary<SipEndpoint, int> _perSource = new();
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

    /// <summary>
    /// Takes one of <paramref name="limit"/> slots of <paramref name="remote"/>'s address for an
    /// accepted connection; false when the address holds them all. <see cref="Remove"/> gives it back.
    /// </summary>
    public bool TryReserveSource(SipEndpoint remote, int limit)
    {
        var source = remote.WithPort(0);
        while (true)
        {
            if (!_perSource.TryGetValue(source, out var held))
            {
                if (_perSource.TryAdd(source, 1))
                {
                    return true;
                }

                continue;
            }

            if (held >= limit)
            {
                return false;
            }

            if (_perSource.TryUpdate(source, held + 1, held))
            {
                return true;
            }
        }
    }

    /// <summary>Accepted connections <paramref name="remote"/>'s address holds now.</summary>
    public int HeldBy(SipEndpoint remote) => _perSource.GetValueOrDefault(remote.WithPort(0));

    public void Remove(TcpConnection connection)
    {
        if (!_byId.TryRemove(connection.Id, out _))
        {
            return;
        }

        Interlocked.Decrement(ref _count);
        if (!connection.IsOutbound)
        {
            ReleaseSource(connection.Remote);
        }

        if (connection.IsOutbound)
        {
            _outbound.TryRemove(KeyValuePair.Create((connection.Owner.Kind, connection.Remote), connection));
        }
    }

    private void ReleaseSource(SipEndpoint remote)
    {
        var source = remote.WithPort(0);
        while (_perSource.TryGetValue(source, out var held))
        {
            if (held <= 1 ? _perSource.TryRemove(KeyValuePair.Create(source, held)) : _perSource.TryUpdate(source, held - 1, held))
            {
                return;
            }
        }
    }

    public bool TryGet(long id, out TcpConnection connection) => _byId.TryGetValue(id, out connection!);

    /// <summary>
    /// The outbound <paramref name="kind"/> connection to <paramref name="remote"/>, created by
    /// <paramref name="create"/> when there is none. The factory may run twice under a race; only the
    /// stored one is started.
    /// </summary>
    public TcpConnection GetOrAddOutbound(SipTransportKind kind, SipEndpoint remote, Func<SipEndpoint, TcpConnection> create, out bool added)
    {
        var key = (kind, remote);
        if (_outbound.TryGetValue(key, out var existing) && !existing.IsClosing)
        {
            added = false;
            return existing;
        }

        var fresh = create(remote);
        if (existing is not null)
        {
            _outbound.TryUpdate(key, fresh, existing);
        }

        var stored = _outbound.GetOrAdd(key, fresh);
        added = ReferenceEquals(stored, fresh);
        return stored;
    }

    public IReadOnlyList<TcpConnection> Snapshot() => [.. _byId.Values];
}
