namespace SipGuard.Proxy.Screening;

/// <summary>
/// Told about every screened initial INVITE (the evidence log and reports hang off it). Called on
/// the receive thread: copy what you need and return; never block.
/// </summary>
public interface IScreeningObserver
{
    void OnScreened(in ScreeningEvent screening);
}
