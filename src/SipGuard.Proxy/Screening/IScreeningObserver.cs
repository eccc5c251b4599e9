namespace SipGuard.Proxy.Screening;

/// <summary>
/// Told about every screened initial INVITE (allowed ones too, so totals can be counted and a sample
/// recorded) and every source blocked for flooding: the evidence log and reports hang off it. Called
/// on the receive thread: copy what you need and return.
/// </summary>
public interface IScreeningObserver
{
    /// <returns>
    /// False when the event could not be recorded (queue full, or the log cannot write): a flagged call
    /// that would be forwarded is then answered 503 instead of passing unrecorded. Ignored for allowed calls.
    /// </returns>
    bool OnScreened(in ScreeningEvent screening);

    void OnSourceBlocked(in SourceBlockEvent block);
}
