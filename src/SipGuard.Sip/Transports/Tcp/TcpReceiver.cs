using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace SipGuard.Sip.Transports.Tcp;

/// <summary>
/// The receive side of a <see cref="TcpConnection"/>: reads through a <see cref="PipeReader"/> over
/// the connection's stream (the socket's, or TLS over it), frames messages with <see cref="SipStreamFramer"/>, hands each whole one to the
/// handler, answers CRLFCRLF pings, and tells the deadlines what arrived.
/// </summary>
internal sealed class TcpReceiver
{
    private static ReadOnlySpan<byte> Pong => "\r\n"u8;

    private readonly TcpConnection _connection;
    private readonly TcpTransport _owner;
    private readonly TcpDeadlines _deadlines;

    public TcpReceiver(TcpConnection connection, TcpDeadlines deadlines)
    {
        _connection = connection;
        _owner = connection.Owner;
        _deadlines = deadlines;
    }

    private SipEndpoint Remote => _connection.Remote;

    private TransportConfig Config => _owner.Config;

    /// <summary>Receives until the peer closes, the connection closes, or framing breaks.</summary>
    public async Task RunAsync(Stream stream)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync();
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                var buffer = result.Buffer;
                var keepOpen = Process(ref buffer, out var framed);
                _deadlines.Received(framed, leftover: !buffer.IsEmpty);
                reader.AdvanceTo(buffer.Start, buffer.End);
                // Closing: Linux keeps delivering bytes after a receive shutdown, so a peer that keeps
                // sending (a trickle) would otherwise hold the loop open.
                if (!keepOpen || result.IsCompleted || _connection.IsClosing)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>
    /// Frames and dispatches every whole message at the start of <paramref name="buffer"/>, which
    /// is left at the first unconsumed byte; <paramref name="framed"/> says whether a message or
    /// keep-alive was among them. False when the connection must close.
    /// </summary>
    private bool Process(ref ReadOnlySequence<byte> buffer, out bool framed)
    {
        framed = false;
        var limit = Config.MaxMessageSize;
        while (!buffer.IsEmpty)
        {
            byte[]? rented = null;
            try
            {
                var view = buffer.FirstSpan;
                var frame = SipStreamFramer.Frame(view, limit);
                if (frame.Kind == FrameKind.NeedMore && buffer.Length > view.Length)
                {
                    // The message straddles pipe segments: frame a contiguous copy (at most the limit).
                    var length = (int)Math.Min(buffer.Length, limit);
                    rented = ArrayPool<byte>.Shared.Rent(length);
                    buffer.Slice(0, length).CopyTo(rented);
                    view = rented.AsSpan(0, length);
                    frame = SipStreamFramer.Frame(view, limit);
                }

                switch (frame.Kind)
                {
                    case FrameKind.NeedMore:
                        return true;
                    case FrameKind.Ping:
                        framed = true;
                        _connection.Send(Pong);
                        break;
                    case FrameKind.Skip:
                        break;
                    case FrameKind.Message:
                        framed = true;
                        // The clocks learn of the message before the handler sees it: a deadline
                        // check racing the handler must not find the finished message still pending.
                        _deadlines.Received(framed: true, leftover: buffer.Length > frame.Length);
                        Dispatch(view[..frame.Length]);
                        break;
                    default:
                        ReportError(frame, view);
                        return false;
                }

                buffer = buffer.Slice(frame.Length);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        return true;
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        _owner.Counters.PacketReceived();
        var packet = new InboundPacket(message, Remote, _owner.LocalEndpoint, _owner.ListenerId, _owner.Kind, _connection.Id)
        {
            PeerNames = _connection.PeerNames,
        };
        try
        {
            _owner.Handler.OnPacket(in packet);
        }
        catch (Exception ex)
        {
            _owner.Counters.HandlerError();
            TransportLog.HandlerFailed(_owner.Logger, _owner.Kind, Remote, ex);
        }
    }

    private void ReportError(FrameResult frame, ReadOnlySpan<byte> view)
    {
        _owner.Counters.FramingError();
        var head = frame.HeaderLength > 0 ? view[..frame.HeaderLength] : view;
        var error = new StreamError(frame.Error, head, Remote, _owner.ListenerId, _connection.Id);
        try
        {
            _owner.Handler.OnStreamError(in error);
        }
        catch (Exception ex)
        {
            _owner.Counters.HandlerError();
            TransportLog.HandlerFailed(_owner.Logger, _owner.Kind, Remote, ex);
        }

        _connection.MarkClosing();
        TransportLog.FramingError(_owner.Logger, _connection.Id, Remote, frame.Error);
    }
}
