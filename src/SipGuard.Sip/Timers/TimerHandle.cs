namespace SipGuard.Sip.Timers;

/// <summary>
/// Names one scheduled timer. A struct so keeping it in a transaction costs no allocation; the
/// generation makes a handle go stale once its timer fired or was cancelled, so cancelling late is a
/// harmless no-op even after the wheel reused the entry for someone else.
/// </summary>
public readonly struct TimerHandle : IEquatable<TimerHandle>
{
    private readonly TimingWheel? _wheel;

    internal TimerHandle(TimingWheel wheel, int index, int generation)
    {
        _wheel = wheel;
        Index = index;
        Generation = generation;
    }

    internal int Index { get; }

    internal int Generation { get; }

    /// <summary>True for <c>default</c>: a handle that never named a timer.</summary>
    public bool IsDefault => _wheel is null;

    /// <summary>True while the timer is scheduled and has not started firing.</summary>
    public bool IsPending => _wheel is not null && _wheel.IsPending(this);

    /// <summary>Cancels the timer. False when it already fired, is firing, or was cancelled.</summary>
    public bool Cancel() => _wheel is not null && _wheel.Cancel(this);

    public bool Equals(TimerHandle other) =>
        ReferenceEquals(_wheel, other._wheel) && Index == other.Index && Generation == other.Generation;

    public override bool Equals(object? obj) => obj is TimerHandle other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Index, Generation);

    public static bool operator ==(TimerHandle left, TimerHandle right) => left.Equals(right);

    public static bool operator !=(TimerHandle left, TimerHandle right) => !left.Equals(right);
}
