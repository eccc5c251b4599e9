using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports.Tcp;
using SipGuard.Sip.Transports.Tls;
using SipGuard.Sip.Transports.Udp;

namespace SipGuard.Sip.Transports;

/// <summary>
/// The listeners of the config's <c>listen:</c> list behind one <see cref="ISipTransport"/>.
/// Created from config (errors as values), started with the proxy's handler, stopped gracefully:
/// stop accepting, close sockets, wait for every loop.
/// </summary>
public sealed class SipTransportSet : ISipTransport, IAsyncDisposable
{
    private readonly TransportConfig _config;
    private readonly TimingWheel _wheel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TcpConnectionTable _connections = new();
    private UdpTransport?[] _udp = [];
    private TcpTransport?[] _tcp = [];
    private readonly TlsInForce _tls = new();
    private int _state; // 0 created, 1 started, 2 stopped

    private SipTransportSet(IReadOnlyList<ListenerUri> listeners, TransportConfig config, TimingWheel wheel, TimeProvider time, ILogger logger)
    {
        Listeners = listeners;
        _config = config;
        _wheel = wheel;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<ListenerUri> Listeners { get; }

    public TransportCounters Counters { get; } = new();

    /// <summary>Open TCP connections, inbound and outbound.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The TLS material handshakes use now.</summary>
    public TlsSettings Tls => _tls.Current;

    /// <summary>
    /// Swaps in new TLS material (a reload): connections opened from now on present and verify with
    /// it; open ones keep what they were opened with. The replaced certificates are disposed once the
    /// handshakes that started with them are over.
    /// </summary>
    public void UpdateTls(TlsSettings settings) => _tls.Update(settings);

    /// <summary>Validates the config; on failure <paramref name="error"/> names the bad entry.</summary>
    public static bool TryCreate(
        TransportConfig config,
        TimingWheel wheel,
        TimeProvider time,
        ILoggerFactory? loggerFactory,
        out SipTransportSet? transports,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(wheel);
        ArgumentNullException.ThrowIfNull(time);
        transports = null;
        if (config.Listen.Count == 0)
        {
            error = "listen: expected at least one listener";
            return false;
        }

        if (config.MaxMessageSize is < 1024 or > 1024 * 1024)
        {
            error = $"max message size {config.MaxMessageSize}: expected 1024..1048576 bytes";
            return false;
        }

        var listeners = new List<ListenerUri>(config.Listen.Count);
        for (var i = 0; i < config.Listen.Count; i++)
        {
            if (!ListenerUri.TryParse(config.Listen[i], out var uri, out var parseError))
            {
                error = $"listen[{i}]: {parseError}";
                return false;
            }

            listeners.Add(uri);
        }

        var logger = (ILogger?)loggerFactory?.CreateLogger<SipTransportSet>() ?? NullLogger.Instance;
        transports = new SipTransportSet(listeners, config, wheel, time, logger);
        error = null;
        return true;
    }

    /// <summary>Binds every listener and starts its loops; a bind failure stops what started and throws.</summary>
    public async Task StartAsync(ISipPacketHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The transport set was already started.");
        }

        _udp = new UdpTransport?[Listeners.Count];
        _tcp = new TcpTransport?[Listeners.Count];
        try
        {
            for (var i = 0; i < Listeners.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var uri = Listeners[i];
                if (uri.Transport == SipTransportKind.Udp)
                {
                    _udp[i] = new UdpTransport(i, uri, _config, handler, Counters, _logger);
                    _udp[i]!.Start();
                }
                else
                {
                    _tcp[i] = new TcpTransport(i, uri, _config, handler, _connections, _wheel, _time, Counters, _tls, _logger);
                    _tcp[i]!.Start();
                }
            }
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Stops accepting and receiving, closes sockets and connections, waits for the loops.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        var stopping = new List<Task>();
        stopping.AddRange(_udp.OfType<UdpTransport>().Select(u => u.StopAsync()));
        stopping.AddRange(_tcp.OfType<TcpTransport>().Select(t => t.StopAsync()));
        await Task.WhenAll(stopping);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The bound address of a listener (with the real port when the config said 0).</summary>
    public SipEndpoint GetLocalEndpoint(int listenerId) =>
        _udp.ElementAtOrDefault(listenerId)?.LocalEndpoint
        ?? _tcp.ElementAtOrDefault(listenerId)?.LocalEndpoint
        ?? default;

    public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
    {
        if (target.Transport == SipTransportKind.Udp)
        {
            var udp = Pick(_udp, target);
            return udp is null ? SendResult.NoListener : udp.Send(target.Remote, bytes);
        }

        if (target.ConnectionId != 0)
        {
            // A response goes back on the connection its request came in on (RFC 3261 §18.2.2);
            // when that one is gone the proxy decides whether to open a new one.
            if (!_connections.TryGet(target.ConnectionId, out var connection))
            {
                return SendResult.ConnectionNotFound;
            }

            return bytes.Length > _config.MaxMessageSize ? SendResult.MessageTooLarge : connection.Send(bytes);
        }

        var tcp = Pick(_tcp, target);
        return tcp is null ? SendResult.NoListener : tcp.SendTo(target.Remote, bytes);
    }

    internal UdpTransport? GetUdp(int listenerId) => _udp.ElementAtOrDefault(listenerId);

    internal TcpTransport? GetTcp(int listenerId) => _tcp.ElementAtOrDefault(listenerId);

    private static T? Pick<T>(T?[] transports, in OutboundTarget target)
        where T : class
    {
        if (target.ListenerId >= 0)
        {
            return target.ListenerId < transports.Length ? transports[target.ListenerId] : null;
        }

        // First listener of the right kind whose family can reach the target.
        foreach (var transport in transports)
        {
            if (transport is not null && KindOf(transport) == target.Transport && FamilyOf(transport) == target.Remote.Family)
            {
                return transport;
            }
        }

        return null;
    }

    private static SipTransportKind KindOf<T>(T transport) => transport switch
    {
        UdpTransport => SipTransportKind.Udp,
        TcpTransport tcp => tcp.Kind,
        _ => default,
    };

    private static System.Net.Sockets.AddressFamily FamilyOf<T>(T transport) => transport switch
    {
        UdpTransport udp => udp.AddressFamily,
        TcpTransport tcp => tcp.AddressFamily,
        _ => System.Net.Sockets.AddressFamily.Unspecified,
    };
}
