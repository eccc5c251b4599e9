namespace SipGuard.Sip.Timers;

/// <summary>
/// One pooled slot of the wheel. Entries live in one array and link by index, so scheduling in
/// steady state allocates nothing and unlinking (cancel) is O(1).
/// </summary>
internal struct TimerEntry
{
    /// <summary>Absolute wheel tick at which the timer is due.</summary>
    public long Expiry;

    /// <summary>Bumped every time the entry is released, so stale handles cannot cancel a reused entry (ABA).</summary>
    public int Generation;

    /// <summary>Index into the wheel's slot heads, or -1 when the entry is free.</summary>
    public int Slot;

    public int Prev;
    public int Next;
    public ITimerCallback? Target;
    public object? State;
    public long Token;
}
