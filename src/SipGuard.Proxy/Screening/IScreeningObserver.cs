namespace SipGuard.Proxy.Screening;

/// <summary>
/// Told about every intercepted initial INVITE (rejected, monitor-flagged or tagged) and every source
/// blocked for flooding: the evidence log and reports hang off it. Called on the receive thread:
/// copy what you need and return.
/// </summary>
public interface IScreeningObserver
{
    /// <returns>
    /// False when the event could not be recorded and the configuration says to fail closed
    /// (<c>evidence.on_overflow: reject</c>): a call that would be forwarded is then answered 503.
    /// </returns>
    bool OnScreened(in ScreeningEvent screening);

    void OnSourceBlocked(in SourceBlockEvent block);
}
