using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports.Tls;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// One TCP or TLS listener: accepts connections up to the limit, and opens outbound connections
/// from the listener's address on demand, reusing one per remote endpoint. TLS is the same machinery
/// with a handshake in front (<see cref="TcpConnection"/>); framing is shared.
/// </summary>
internal sealed class TcpTransport
{
    private readonly ListenerUri _uri;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listenSocket;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpTransport(
        int listenerId,
        ListenerUri uri,
        TransportConfig config,
        ISipPacketHandler handler,
        TcpConnectionTable table,
        TimingWheel wheel,
        TimeProvider time,
        TransportCounters counters,
        TlsInForce tls,
        ILogger logger)
    {
        Tls = tls;
        ListenerId = listenerId;
        _uri = uri;
        Config = config;
        Handler = handler;
        Table = table;
        Wheel = wheel;
        Time = time;
        Counters = counters;
        Logger = logger;
    }

    public int ListenerId { get; }

    /// <summary><see cref="SipTransportKind.Tcp"/> or <see cref="SipTransportKind.Tls"/>.</summary>
    public SipTransportKind Kind => _uri.Transport;

    /// <summary>The TLS material in force, leased by each handshake for as long as it runs.</summary>
    public TlsInForce Tls { get; }

    public TransportConfig Config { get; }

    public ISipPacketHandler Handler { get; }

    public TcpConnectionTable Table { get; }

    public TimingWheel Wheel { get; }

    public TimeProvider Time { get; }

    public TransportCounters Counters { get; }

    public ILogger Logger { get; }

    public SipEndpoint LocalEndpoint { get; private set; }

    public AddressFamily AddressFamily => _uri.Address.AddressFamily;

    /// <summary>The listener is being stopped: its connections close, and their failures are nobody's news.</summary>
    public bool IsStopping => _stop.IsCancellationRequested;

    public void Start()
    {
        var socket = new Socket(_uri.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.NoDelay = true;
            socket.Bind(_uri.ToIPEndPoint());
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listenSocket = socket;
        LocalEndpoint = SipEndpoint.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        _acceptLoop = Task.Run(AcceptLoopAsync);
        TransportLog.Listening(Logger, Kind, LocalEndpoint, 1);
    }

    /// <summary>Stops accepting, closes this listener's connections and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _listenSocket?.Dispose();
        await _acceptLoop;
        var mine = Table.Snapshot().Where(c => c.Owner == this).ToList();
        foreach (var connection in mine)
        {
            connection.Close("transport stopping");
        }

        await Task.WhenAll(mine.Select(c => c.Completion));
        _stop.Dispose();
    }

    /// <summary>Sends to <paramref name="remote"/> on the outbound connection to it, opening one if needed.</summary>
    public SendResult SendTo(SipEndpoint remote, ReadOnlySpan<byte> bytes)
    {
        if (_listenSocket is null || _stop.IsCancellationRequested)
        {
            return SendResult.NoListener;
        }

        if (bytes.Length > Config.MaxMessageSize)
        {
            return SendResult.MessageTooLarge;
        }

        var connection = Table.GetOrAddOutbound(Kind, remote, CreateOutbound, out var added);
        if (added)
        {
            Table.Add(connection);
            connection.Start();
        }

        return connection.Send(bytes);
    }

    private TcpConnection CreateOutbound(SipEndpoint remote)
    {
        var socket = new Socket(remote.Family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (remote.Family == _uri.Address.AddressFamily)
        {
            // Leave from the listener's address, so the peer sees the address it knows us by.
            socket.Bind(new IPEndPoint(_uri.Address, 0));
        }

        return new TcpConnection(this, socket, Table.NextId(), remote, outbound: true);
    }

    private async Task AcceptLoopAsync()
    {
        var listen = _listenSocket!;
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listen.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (!_stop.IsCancellationRequested)
            {
                TransportLog.ReceiveFailed(Logger, Kind, LocalEndpoint, ex.SocketErrorCode);
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            var remote = SipEndpoint.FromIPEndPoint((IPEndPoint)accepted.RemoteEndPoint!);
            if (Table.Count >= Config.TcpMaxConnections)
            {
                Counters.ConnectionRefused();
                TransportLog.ConnectionRefused(Logger, remote, Config.TcpMaxConnections);
                Reset(accepted);
                continue;
            }

            if (!Table.TryReserveSource(remote, Config.TcpMaxConnectionsPerSource))
            {
                Counters.SourceCapRefuse();
                TransportLog.SourceCapRefused(Logger, remote, Config.TcpMaxConnectionsPerSource);
                Reset(accepted);
                continue;
            }

            accepted.NoDelay = true;
            var connection = new TcpConnection(this, accepted, Table.NextId(), remote, outbound: false);
            Table.Add(connection);
            connection.Start();
        }
    }

    /// <summary>Reset rather than FIN: the peer learns at once, and no TIME_WAIT piles up here.</summary>
    private static void Reset(Socket accepted)
    {
        accepted.LingerState = new LingerOption(true, 0);
        accepted.Dispose();
    }
}
