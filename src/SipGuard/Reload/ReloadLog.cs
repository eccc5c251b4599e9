using Microsoft.Extensions.Logging;

namespace SipGuard.Reload;

internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Config reloaded (trigger: {Trigger}); generation {Generation} is running")]
    public static partial void Applied(ILogger logger, string trigger, long generation);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Config reload rejected (trigger: {Trigger}); generation {Generation} keeps running; {ErrorCount} error(s) follow")]
    public static partial void Rejected(ILogger logger, string trigger, long generation, int errorCount);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "{ConfigError}")]
    public static partial void Error(ILogger logger, string configError);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Config reload failed unexpectedly (trigger: {Trigger}); the running config is kept")]
    public static partial void Crashed(ILogger logger, Exception exception, string trigger);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "File watching reported an error; reloading to be safe")]
    public static partial void WatcherError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Watching {FileCount} file(s) for changes")]
    public static partial void Watching(ILogger logger, int fileCount);
}
