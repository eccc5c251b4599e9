namespace SipGuard.Proxy.Screening;

/// <summary>
/// Told about every intercepted initial INVITE (rejected, monitor-flagged or tagged) and every source
/// blocked for flooding: the evidence log and reports hang off it. Called on the receive thread:
/// copy what you need and return.
/// </summary>
public interface IScreeningObserver
{
    void OnScreened(in ScreeningEvent screening);

    void OnSourceBlocked(in SourceBlockEvent block);
}
