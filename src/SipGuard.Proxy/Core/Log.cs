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

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Upstream target {Target} is down ({Why}); calls skip it")]
    public static partial void TargetDown(ILogger logger, SipGuard.Sip.Transports.SipEndpoint target, string why);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Upstream target {Target} is up again ({Why})")]
    public static partial void TargetUp(ILogger logger, SipGuard.Sip.Transports.SipEndpoint target, string why);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Probe of {Target} failed")]
    public static partial void ProbeFailed(ILogger logger, Exception exception, SipGuard.Sip.Transports.SipEndpoint target);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "Call moves from {From} to {To} ({Why})")]
    public static partial void FailedOver(ILogger logger, SipGuard.Sip.Transports.SipEndpoint from, SipGuard.Sip.Transports.SipEndpoint to, string why);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Flood: source {Source} sent more than {Requests} requests in {Window}; ignored for {BlockFor}; recorded as evidence (rule flood)")]
    public static partial void SourceBlocked(ILogger logger, SipGuard.Sip.Transports.SipEndpoint source, int requests, TimeSpan window, TimeSpan blockFor);

    [LoggerMessage(EventId = 116, Level = LogLevel.Error, Message = "Handling the failed connect to {Target} failed")]
    public static partial void ConnectFailureFailed(ILogger logger, Exception exception, SipGuard.Sip.Transports.SipEndpoint target);

    [LoggerMessage(EventId = 115, Level = LogLevel.Debug, Message = "Every target of upstream {Upstream} is down; answering 503")]
    public static partial void UpstreamDown(ILogger logger, string upstream);
}
