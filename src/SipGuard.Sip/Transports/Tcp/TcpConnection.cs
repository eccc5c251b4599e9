using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports.Tls;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// One TCP connection, inbound or outbound, plain or TLS: its lifetime, deadlines and send side.
/// Receives with a <see cref="TcpReceiver"/>; sends through an output pipe drained by a send loop,
/// so any thread can send without waiting for the socket. On a TLS listener the handshake runs on
/// the connection's own task before either loop starts, so a slow or hostile peer holds up no one else.
/// </summary>
internal sealed class TcpConnection : ITimerCallback
{
    private readonly TcpTransport _owner;
    private readonly Socket _socket;
    private readonly Pipe _output;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TcpDeadlines _deadlines;
    private readonly TcpReceiver _receiver;
    private long _pendingBytes;
    private bool _outputCompleted;
    private int _started;
    private int _closing;
    private TimerHandle _idleTimer;
    private Stream? _stream;

    public TcpConnection(TcpTransport owner, Socket socket, long id, SipEndpoint remote, bool outbound)
    {
        _owner = owner;
        _socket = socket;
        Id = id;
        Remote = remote;
        IsOutbound = outbound;
        _deadlines = new TcpDeadlines(owner.Time, awaitFirstMessage: !outbound);
        _receiver = new TcpReceiver(this, _deadlines);

        // No writer back-pressure inside the pipe: Send must never block a receive loop. The queue
        // is bounded by TcpMaxPendingSendBytes instead, and a peer that stops reading is closed.
        _output = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    }

    public long Id { get; }

    public TcpTransport Owner => _owner;

    public SipEndpoint Remote { get; }

    public bool IsOutbound { get; }

    /// <summary>
    /// The names of the peer's verified TLS certificate (<see cref="CertificateNames"/>); null on
    /// plain TCP, on outbound connections and when the peer sent no certificate.
    /// </summary>
    public string[]? PeerNames { get; private set; }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Completes when the socket is closed and the connection left the table.</summary>
    public Task Completion => _completed.Task;

    private TransportConfig Config => _owner.Config;

    /// <summary>Marks the connection closing without closing the socket (the receive loop is ending it).</summary>
    internal void MarkClosing() => Interlocked.Exchange(ref _closing, 1);

    /// <summary>Starts the loops once; later calls do nothing.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _deadlines.Check(Config.TcpIdleTimeout, Config.TcpMessageTimeout, out var next);
        _idleTimer = _owner.Wheel.Schedule(next, this);
        _ = Task.Run(RunAsync);
    }

    /// <summary>Queues bytes for the send loop; copies them before returning.</summary>
    public SendResult Send(ReadOnlySpan<byte> bytes)
    {
        bool overloaded;
        lock (_sendLock)
        {
            if (_outputCompleted)
            {
                return SendResult.ConnectionClosed;
            }

            overloaded = Volatile.Read(ref _pendingBytes) + bytes.Length > Config.TcpMaxPendingSendBytes;
            if (!overloaded)
            {
                _output.Writer.Write(bytes);
                Interlocked.Add(ref _pendingBytes, bytes.Length);
                var flush = _output.Writer.FlushAsync();
                if (flush.IsCompleted)
                {
                    flush.GetAwaiter().GetResult();
                }
                else
                {
                    // Cannot happen without a pause threshold; observe it anyway.
                    _ = flush.AsTask();
                }
            }
        }

        if (overloaded)
        {
            Abort("send queue over its limit");
            return SendResult.Overloaded;
        }

        _deadlines.Traffic();
        return SendResult.Sent;
    }

    /// <summary>Stops receiving; bytes already queued are still sent (bounded by the drain timeout).</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        TransportLog.ConnectionClosing(_owner.Logger, Id, Remote, reason);
        CompleteOutput();
        try
        {
            // Wakes the pending receive with end-of-stream, so RunAsync finishes the close.
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _socket.Dispose();
        }
    }

    /// <summary>Closes at once, dropping anything queued.</summary>
    public void Abort(string reason)
    {
        Interlocked.Exchange(ref _closing, 1);
        TransportLog.ConnectionClosing(_owner.Logger, Id, Remote, reason);
        CompleteOutput();
        _socket.Dispose();
    }

    public void OnTimer(object? state, long token)
    {
        if (IsClosing)
        {
            return;
        }

        switch (_deadlines.Check(Config.TcpIdleTimeout, Config.TcpMessageTimeout, out var next))
        {
            case TcpExpiry.Idle:
                _owner.Counters.IdleClose();
                Close("idle timeout");
                return;
            case TcpExpiry.IncompleteMessage:
                // Abort, not Close: a peer this slow gets no drain time either.
                _owner.Counters.MessageTimeout();
                TransportLog.MessageTimedOut(_owner.Logger, Id, Remote, Config.TcpMessageTimeout);
                Abort("message deadline");
                return;
        }

        // Traffic does not touch the wheel; the timer checks when it fires and waits the rest.
        _idleTimer = _owner.Wheel.Schedule(next, this);
    }

    private void CompleteOutput()
    {
        lock (_sendLock)
        {
            if (_outputCompleted)
            {
                return;
            }

            _outputCompleted = true;
            _output.Writer.Complete();
        }
    }

    private async Task RunAsync()
    {
        Task sendLoop = Task.CompletedTask;
        var connectFailed = false;
        try
        {
            if (IsOutbound && !await ConnectAsync())
            {
                connectFailed = true;
                return;
            }

            if (await OpenStreamAsync() is not { } stream)
            {
                connectFailed = IsOutbound;
                return;
            }

            _stream = stream;
            sendLoop = SendLoopAsync(stream);
            await _receiver.RunAsync(stream);
        }
        catch (Exception ex)
        {
            TransportLog.ConnectionFailed(_owner.Logger, Id, Remote, ex);
        }
        finally
        {
            Interlocked.Exchange(ref _closing, 1);
            CompleteOutput();
            try
            {
                await sendLoop.WaitAsync(Config.TcpCloseDrainTimeout, _owner.Time);
            }
            catch (TimeoutException)
            {
                // The peer stopped reading; the close below drops the rest.
            }

            if (_stream is not null)
            {
                await _stream.DisposeAsync();
            }

            _socket.Dispose();
            _idleTimer.Cancel();
            _owner.Table.Remove(this);
            if (connectFailed && !_owner.IsStopping)
            {
                ReportConnectFailed();
            }

            _completed.TrySetResult();
        }
    }

    /// <summary>Tells the handler, so what waited on this connection fails over now rather than timing out.</summary>
    private void ReportConnectFailed()
    {
        try
        {
            _owner.Handler.OnConnectFailed(new OutboundTarget(_owner.Kind, Remote, 0, _owner.ListenerId));
        }
        catch (Exception ex)
        {
            TransportLog.ConnectionFailed(_owner.Logger, Id, Remote, ex);
        }
    }

    private async Task<bool> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(Config.TcpConnectTimeout, _owner.Time);
        try
        {
            await _socket.ConnectAsync(Remote.ToIPEndPoint(), timeout.Token);
            return true;
        }
        catch (SocketException ex)
        {
            TransportLog.ConnectFailed(_owner.Logger, Remote, ex.SocketErrorCode);
        }
        catch (OperationCanceledException)
        {
            TransportLog.ConnectFailed(_owner.Logger, Remote, SocketError.TimedOut);
        }
        catch (ObjectDisposedException)
        {
            // Aborted while connecting.
        }

        return false;
    }

    /// <summary>
    /// The stream both loops use: the socket's own, or TLS over it once the handshake succeeded.
    /// Null when the handshake failed or timed out: the connection closes without a byte in clear.
    /// </summary>
    private async Task<Stream?> OpenStreamAsync()
    {
        var plain = new NetworkStream(_socket, ownsSocket: false);
        if (_owner.Kind != SipTransportKind.Tls)
        {
            return plain;
        }

        using var lease = _owner.Tls.Lease(); // what the handshake uses is not disposed under it by a reload
        var tls = lease.Settings;
        try
        {
            if (IsOutbound)
            {
                if (tls.ClientFor(Remote) is not { } client)
                {
                    TransportLog.TlsHandshakeFailed(_owner.Logger, Id, Remote, "no TLS settings for this upstream");
                    return null;
                }

                return await TlsHandshake.ConnectAsync(plain, client, Config.TcpConnectTimeout, _owner.Time);
            }

            if (tls.Server is not { } server)
            {
                TransportLog.TlsHandshakeFailed(_owner.Logger, Id, Remote, "no server certificate loaded");
                return null;
            }

            var (stream, names) = await TlsHandshake.AcceptAsync(plain, server, Config.TcpMessageTimeout, _owner.Time);
            PeerNames = names;
            return stream;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _owner.Counters.TlsHandshakeFailure();
            TransportLog.TlsHandshakeFailed(_owner.Logger, Id, Remote, ex is OperationCanceledException ? "timed out" : ex.Message);
            return null;
        }
    }

    private async Task SendLoopAsync(Stream stream)
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await stream.WriteAsync(segment);
                }

                Interlocked.Add(ref _pendingBytes, -buffer.Length);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (stream is SslStream ssl)
            {
                await ssl.ShutdownAsync(); // close_notify, so the peer can tell an end from a cut
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // The socket is gone; the receive side notices and finishes the close.
            Abort("send failed");
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
