namespace SipGuard.Admin;

/// <summary>The admin address could not be bound; start-up stops before any SIP listener is opened.</summary>
internal sealed class AdminBindException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>This exception when <paramref name="e"/> is it or carries it (the host may aggregate start-up failures).</summary>
    public static AdminBindException? In(Exception e) => e switch
    {
        AdminBindException bind => bind,
        AggregateException many => many.InnerExceptions.Select(In).FirstOrDefault(b => b is not null),
        _ => null,
    };
}
