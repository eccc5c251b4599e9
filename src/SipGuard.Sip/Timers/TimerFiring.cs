namespace SipGuard.Sip.Timers;

/// <summary>A due timer copied out of the wheel's lock so its callback can run unlocked.</summary>
internal readonly record struct TimerFiring(ITimerCallback Target, object? State, long Token);
