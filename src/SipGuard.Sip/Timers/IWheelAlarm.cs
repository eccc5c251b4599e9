namespace SipGuard.Sip.Timers;

/// <summary>
/// What wakes a <see cref="TimingWheel"/>: one pending wake-up, replaced by every
/// <see cref="Arm"/> (the wheel always knows the next tick with work, so it never needs two).
/// </summary>
internal interface IWheelAlarm : IDisposable
{
    /// <summary>Wake the wheel once, <paramref name="delay"/> from now (at once when zero).</summary>
    void Arm(TimeSpan delay);
}
