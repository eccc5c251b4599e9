using Microsoft.Extensions.Logging;

namespace SipGuard.Proxy.Core;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Stream from {Remote} broke framing ({Kind}); the connection is closed")]
    public static partial void StreamFramingError(ILogger logger, SipGuard.Sip.Transports.StreamErrorKind kind, SipGuard.Sip.Transports.SipEndpoint remote);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Send to {Target} failed: {Result}")]
    public static partial void SendFailed(ILogger logger, SipGuard.Sip.Transports.SipEndpoint target, SipGuard.Sip.Transports.SendResult result);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Transaction table full ({Capacity}); answering 503")]
    public static partial void TableFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Timer {Timer} failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception, SipGuard.Proxy.Transactions.TransactionTimer timer);
}
