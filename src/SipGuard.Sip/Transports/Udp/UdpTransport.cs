using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SipGuard.Sip.Transports.Udp;

/// <summary>
/// One UDP listener: N receive loops (one per core by default) and allocation-free sends.
/// On Linux each loop owns a socket bound with SO_REUSEPORT, so the kernel hashes peers over the
/// loops without a shared queue; elsewhere the loops share one socket.
/// </summary>
internal sealed class UdpTransport
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private readonly ListenerUri _uri;
    private readonly TransportConfig _config;
    private readonly ISipPacketHandler _handler;
    private readonly SocketAddressPool _sendAddresses;
    private readonly List<UdpReceiveLoop> _loops = [];
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _stop = new();
    private Socket? _sendSocket;

    public UdpTransport(
        int listenerId,
        ListenerUri uri,
        TransportConfig config,
        ISipPacketHandler handler,
        TransportCounters counters,
        ILogger logger)
    {
        ListenerId = listenerId;
        _uri = uri;
        _config = config;
        _handler = handler;
        Counters = counters;
        Logger = logger;
        Name = uri.ToString();
        _sendAddresses = new SocketAddressPool(uri.Address.AddressFamily);
    }

    public int ListenerId { get; }

    public string Name { get; }

    public int MaxMessageSize => _config.MaxMessageSize;

    /// <summary>Bytes waiting in a receive queue above which the loop reports a backlog: half the configured buffer.</summary>
    public int BacklogThreshold => _config.UdpReceiveBufferSize / 2;

    public TransportCounters Counters { get; }

    public ILogger Logger { get; }

    /// <summary>The bound address, with the real port when the config asked for port 0.</summary>
    public SipEndpoint LocalEndpoint { get; private set; }

    public IReadOnlyList<UdpReceiveLoop> Loops => _loops;

    public AddressFamily AddressFamily => _uri.Address.AddressFamily;

    public void Start()
    {
        var loops = _config.UdpReceiveLoops > 0 ? _config.UdpReceiveLoops : Environment.ProcessorCount;
        var reusePort = _config.UdpReusePort && loops > 1 && OperatingSystem.IsLinux();
        var first = CreateSocket(_uri.ToIPEndPoint(), reusePort);
        var bound = (IPEndPoint)first.LocalEndPoint!;
        LocalEndpoint = SipEndpoint.FromIPEndPoint(bound);
        _sendSocket = first;
        _loops.Add(new UdpReceiveLoop(this, first, 0));
        for (var i = 1; i < loops; i++)
        {
            // With port 0 the first bind picked the port; the others join it.
            var socket = reusePort ? CreateSocket(bound, reusePort: true) : first;
            _loops.Add(new UdpReceiveLoop(this, socket, i));
        }

        foreach (var loop in _loops)
        {
            _running.Add(StartThread(loop));
        }

        TransportLog.Listening(Logger, SipTransportKind.Udp, LocalEndpoint, loops);
    }

    private Task StartThread(UdpReceiveLoop loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = _stop.Token;
        var thread = new Thread(() =>
        {
            try
            {
                loop.Run(token);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"sipguard-udp-{loop.Index}",
        };
        thread.Start();
        return done.Task;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _loops.Select(l => l.Socket).Distinct())
        {
            socket.Dispose();
        }

        await Task.WhenAll(_running);
        _stop.Dispose();
    }

    /// <summary>Sends one datagram synchronously from the listener's address; copies before returning.</summary>
    public SendResult Send(SipEndpoint remote, ReadOnlySpan<byte> bytes)
    {
        var socket = _sendSocket;
        if (socket is null)
        {
            return SendResult.NoListener;
        }

        if (bytes.Length > _config.MaxMessageSize)
        {
            return SendResult.MessageTooLarge;
        }

        var address = _sendAddresses.Rent();
        try
        {
            if (!remote.TryWriteTo(address))
            {
                return SendResult.NoListener;
            }

            socket.SendTo(bytes, SocketFlags.None, address);
            return SendResult.Sent;
        }
        catch (SocketException ex)
        {
            TransportLog.SendFailed(Logger, remote, ex.SocketErrorCode);
            return SendResult.SocketError;
        }
        catch (ObjectDisposedException)
        {
            return SendResult.NoListener;
        }
        finally
        {
            _sendAddresses.Return(address);
        }
    }

    /// <summary>Hands one datagram to the handler; false when it was dropped.</summary>
    internal bool Dispatch(byte[] buffer, int length, SocketAddress address, bool backlogged = false)
    {
        var remote = SipEndpoint.FromSocketAddress(address);
        if (length > _config.MaxMessageSize)
        {
            Counters.OversizeDrop();
            TransportLog.DatagramTooLarge(Logger, length, remote, _config.MaxMessageSize);
            return false;
        }

        Counters.PacketReceived();
        var packet = new InboundPacket(buffer.AsSpan(0, length), remote, LocalEndpoint, ListenerId, SipTransportKind.Udp, 0, backlogged);
        try
        {
            _handler.OnPacket(in packet);
        }
        catch (Exception ex)
        {
            Counters.HandlerError();
            TransportLog.HandlerFailed(Logger, SipTransportKind.Udp, remote, ex);
        }

        return true;
    }

    private Socket CreateSocket(IPEndPoint bind, bool reusePort)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (reusePort)
            {
                Span<byte> on = stackalloc byte[sizeof(int)];
                MemoryMarshal.Write(on, 1);
                socket.SetRawSocketOption(SolSocket, SoReusePort, on);
            }

            socket.ReceiveBufferSize = _config.UdpReceiveBufferSize;

            // No receive timeout: an idle listener does not wake at all. A stop unblocks the loops by
            // disposing the socket (the runtime shuts a socket down before closing it, which wakes a
            // thread blocked in recvfrom on Linux as closesocket does on Windows).
            socket.Bind(bind);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
