namespace SipGuard.Sip.Timers;

/// <summary>
/// Target of a timer on the <see cref="TimingWheel"/>. Implemented by long-lived objects
/// (transactions, connections) so scheduling needs no delegate or closure allocation.
/// </summary>
public interface ITimerCallback
{
    /// <summary>
    /// Runs on the wheel's tick thread. Keep it short: every timer due in the same tick waits for it.
    /// <paramref name="state"/> and <paramref name="token"/> are the values given to Schedule, so one
    /// object can own several timers (e.g. Timer A and Timer B) and tell them apart without allocating.
    /// </summary>
    void OnTimer(object? state, long token);
}
