namespace SipGuard.Sip.Timers;

/// <summary>
/// The alarm on an <see cref="ITimer"/> of any <see cref="TimeProvider"/>: what lets tests drive the
/// wheel with a fake clock. On the system clock <see cref="ThreadAlarm"/> is used instead.
/// </summary>
internal sealed class ProviderAlarm : IWheelAlarm
{
    private readonly ITimer _timer;

    public ProviderAlarm(TimeProvider time, Action onAlarm) =>
        _timer = time.CreateTimer(static s => ((Action)s!)(), onAlarm, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    public void Arm(TimeSpan delay) => _timer.Change(delay, Timeout.InfiniteTimeSpan);

    public void Dispose() => _timer.Dispose();
}
