using Microsoft.Extensions.Logging;

namespace SipGuard.Sip.Timers;

internal static partial class TimingWheelLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Timer callback {Target} threw; the wheel keeps running")]
    public static partial void CallbackFailed(ILogger logger, string target, Exception exception);
}
