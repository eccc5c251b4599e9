using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SipGuard.Sip.Transports;

internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Listening on {Transport} {Local} ({Loops} receive loops)")]
    public static partial void Listening(ILogger logger, SipTransportKind transport, SipEndpoint local, int loops);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Dropped a {Length}-byte datagram from {Remote}: over the {Limit}-byte limit")]
    public static partial void DatagramTooLarge(ILogger logger, int length, SipEndpoint remote, int limit);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Packet handler threw on {Transport} from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, SipTransportKind transport, SipEndpoint remote, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Receive on {Transport} {Local} failed: {Error}")]
    public static partial void ReceiveFailed(ILogger logger, SipTransportKind transport, SipEndpoint local, SocketError error);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Send to {Remote} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, SipEndpoint remote, SocketError error);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Refused TCP connection from {Remote}: {Limit} connections open")]
    public static partial void ConnectionRefused(ILogger logger, SipEndpoint remote, int limit);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Closing TCP connection {ConnectionId} to {Remote}: {Reason}")]
    public static partial void ConnectionClosing(ILogger logger, long connectionId, SipEndpoint remote, string reason);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "TCP connect to {Remote} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, SipEndpoint remote, SocketError error);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "TCP connection {ConnectionId} to {Remote} failed")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, SipEndpoint remote, Exception exception);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Warning, Message = "Closing TCP connection {ConnectionId} to {Remote}: broken framing ({Error})")]
    public static partial void FramingError(ILogger logger, long connectionId, SipEndpoint remote, StreamErrorKind error);

    // Debug: a source over its share may open thousands; the counter carries the volume.
    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Refused TCP connection from {Remote}: its address holds {Limit} connections")]
    public static partial void SourceCapRefused(ILogger logger, SipEndpoint remote, int limit);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Closing TCP connection {ConnectionId} to {Remote}: no complete message within {Timeout}")]
    public static partial void MessageTimedOut(ILogger logger, long connectionId, SipEndpoint remote, TimeSpan timeout);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Closing TLS connection {ConnectionId} to {Remote}: handshake failed ({Reason})")]
    public static partial void TlsHandshakeFailed(ILogger logger, long connectionId, SipEndpoint remote, string reason);
}
