using SipGuard.Sip.Timers;

namespace SipGuard.Sip.Tests.Timers;

/// <summary>Records every firing with the fake clock's time, so tests can check when timers ran.</summary>
internal sealed class RecordingCallback(TimeProvider time) : ITimerCallback
{
    public List<(long Token, object? State, DateTimeOffset At)> Fired { get; } = [];

    public Action<long>? OnFire { get; set; }

    public void OnTimer(object? state, long token)
    {
        Fired.Add((token, state, time.GetUtcNow()));
        OnFire?.Invoke(token);
    }
}
