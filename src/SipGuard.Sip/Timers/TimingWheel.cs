using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SipGuard.Sip.Timers;

/// <summary>
/// Hierarchical timing wheel (Varghese and Lauck; the Linux kernel's classic layout): a first level
/// of 256 slots, one per tick, and three levels of 64 slots, each slot of a level spanning a whole
/// turn of the level below. At 10 ms a tick that is 2.56 s, 164 s, 2.9 h and 7.7 days; longer delays
/// park in the last level and are re-placed whenever they cascade, so any delay is exact.
/// </summary>
/// <remarks>
/// One alarm wakes the wheel (on the system clock a dedicated thread, <see cref="ThreadAlarm"/>;
/// on any other <see cref="TimeProvider"/> one of its timers), and only when there is work: at the
/// next non-empty level-0 tick, at the next cascade while upper levels hold timers, never while the
/// wheel is empty (an idle proxy costs no wake-ups; a 10 ms periodic tick cost ~1 % of a core doing
/// nothing). Every wake-up catches up with the provider's clock, so a late wake-up never loses
/// timers. A timer fires on the first tick at or after its due time: never early, at most one tick
/// late (plus however long the callbacks of that tick take). Callbacks run on the tick thread
/// outside the lock, so they may schedule and cancel. One lock guards the wheel; every operation
/// under it is O(1) except the cascade, which moves each timer at most once per level.
/// </remarks>
public sealed class TimingWheel : IDisposable
{
    private const int Level0Bits = 8;
    private const int LevelBits = 6;
    private const int UpperLevels = 3;
    private const int Level0Size = 1 << Level0Bits;
    private const int LevelSize = 1 << LevelBits;
    private const int SlotCount = Level0Size + UpperLevels * LevelSize;
    private const int LastShift = Level0Bits + (UpperLevels - 1) * LevelBits;
    private const long WheelSpan = 1L << (LastShift + LevelBits);
    private const int None = -1;
    private const int InitialEntries = 256;

    private readonly TimeProvider _time;
    private readonly long _tickTicks;
    private readonly long _startTimestamp;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly int[] _heads = new int[SlotCount];
    private readonly IWheelAlarm _alarm;
    private TimerEntry[] _entries = new TimerEntry[InitialEntries];
    private int _freeHead = None;
    private int _used;
    private int _pending;
    private long _current;
    private int _ticking;
    private int _rerun;
    private long _wakeUps;
    private long _wakeTick = long.MaxValue;
    private bool _disposed;

    // Only the tick thread touches these (guarded by _ticking): the timers of one tick, copied out
    // of the lock so callbacks run unlocked.
    private TimerFiring[] _firing = new TimerFiring[64];

    public TimingWheel(TimeProvider timeProvider, TimeSpan tick, ILogger<TimingWheel>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tick, TimeSpan.Zero);
        _time = timeProvider;
        _tickTicks = tick.Ticks;
        Tick = tick;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Array.Fill(_heads, None);
        _startTimestamp = timeProvider.GetTimestamp();
        _alarm = timeProvider == TimeProvider.System
            ? new ThreadAlarm(OnTick, "sipguard-timer")
            : new ProviderAlarm(timeProvider, OnTick);
    }

    /// <summary>The resolution: timers fire at most this much after their due time.</summary>
    public TimeSpan Tick { get; }

    /// <summary>Timers scheduled and not yet fired or cancelled.</summary>
    public int Count => Volatile.Read(ref _pending);

    /// <summary>How often the alarm woke the wheel (tests check an idle wheel sleeps).</summary>
    internal long WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>
    /// Schedules <paramref name="target"/> to run once, <paramref name="due"/> from now. Allocates
    /// nothing unless the entry pool has to grow past its high-water mark.
    /// </summary>
    public TimerHandle Schedule(TimeSpan due, ITimerCallback target, object? state = null, long token = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var index = Allocate();
            ref var entry = ref _entries[index];
            entry.Target = target;
            entry.State = state;
            entry.Token = token;
            entry.Expiry = ExpiryFor(due);
            Link(index);
            _pending++;
            WakeByLocked(entry.Expiry);
            return new TimerHandle(this, index, entry.Generation);
        }
    }

    /// <summary>
    /// Moves a pending timer to a new due time, keeping its target, state and handle. False when the
    /// timer already fired or was cancelled (schedule a new one then).
    /// </summary>
    public bool Reschedule(TimerHandle handle, TimeSpan due)
    {
        lock (_lock)
        {
            if (!IsLivePendingLocked(handle))
            {
                return false;
            }

            Unlink(handle.Index);
            _entries[handle.Index].Expiry = ExpiryFor(due);
            Link(handle.Index);
            WakeByLocked(_entries[handle.Index].Expiry);
            return true;
        }
    }

    /// <summary>O(1). False when the timer already fired, is firing, or was cancelled before.</summary>
    public bool Cancel(TimerHandle handle)
    {
        lock (_lock)
        {
            if (!IsLivePendingLocked(handle))
            {
                return false;
            }

            Unlink(handle.Index);
            Release(handle.Index);
            _pending--;
            return true;
        }
    }

    internal bool IsPending(TimerHandle handle)
    {
        lock (_lock)
        {
            return IsLivePendingLocked(handle);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _alarm.Dispose();
    }

    /// <summary>
    /// Processes every tick whose time has come, then arms the timer for the next tick with work.
    /// Called by the alarm; a call that overlaps a running one (a slow tick, or a timer re-armed by a
    /// callback) only asks the running call to go round once more, so no wake-up is lost.
    /// </summary>
    internal void OnTick()
    {
        Volatile.Write(ref _rerun, 1);
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        Interlocked.Increment(ref _wakeUps);
        while (true)
        {
            Volatile.Write(ref _rerun, 0);
            try
            {
                RunDueTicks();
            }
            finally
            {
                Volatile.Write(ref _ticking, 0);
            }

            if (Volatile.Read(ref _rerun) == 0 || Interlocked.Exchange(ref _ticking, 1) == 1)
            {
                return;
            }
        }
    }

    private void RunDueTicks()
    {
        var target = _time.GetElapsedTime(_startTimestamp).Ticks / _tickTicks;
        while (true)
        {
            var count = 0;
            lock (_lock)
            {
                // Empty ticks are run under one lock hold, so catching up after a long sleep
                // (or a test advancing hours) costs a loop, not a lock per tick.
                while (count == 0)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (_current >= target)
                    {
                        _wakeTick = long.MaxValue;
                        WakeByLocked(NextWorkTickLocked());
                        return;
                    }

                    count = AdvanceOneTickLocked();
                }
            }

            RunCallbacks(count);
        }
    }

    /// <summary>
    /// The next tick that has something to do: the first non-empty level-0 slot (level 0 holds
    /// only timers due within one turn, one slot per tick, so a scan in tick order finds the
    /// earliest exactly), else the next cascade if upper levels hold timers, else never.
    /// </summary>
    private long NextWorkTickLocked()
    {
        if (_pending == 0)
        {
            return long.MaxValue;
        }

        for (var tick = _current + 1; tick <= _current + Level0Size; tick++)
        {
            if (_heads[(int)(tick & (Level0Size - 1))] != None)
            {
                return tick;
            }
        }

        return (_current | (Level0Size - 1)) + 1;
    }

    /// <summary>Arms the timer so the wheel wakes no later than <paramref name="tick"/>.</summary>
    private void WakeByLocked(long tick)
    {
        if (tick >= _wakeTick || _disposed)
        {
            return;
        }

        _wakeTick = tick;
        var delay = tick * _tickTicks - _time.GetElapsedTime(_startTimestamp).Ticks;
        _alarm.Arm(TimeSpan.FromTicks(Math.Max(delay, 0)));
    }

    private void RunCallbacks(int count)
    {
        for (var i = 0; i < count; i++)
        {
            ref var firing = ref _firing[i];
            var target = firing.Target!;
            var state = firing.State;
            var token = firing.Token;
            firing = default;
            try
            {
                target.OnTimer(state, token);
            }
            catch (Exception ex)
            {
                TimingWheelLog.CallbackFailed(_logger, target.GetType().Name, ex);
            }
        }
    }

    private int AdvanceOneTickLocked()
    {
        var tick = ++_current;

        // Cascade from the highest level that turned over down to level 1, so timers flow down
        // one level at a time and land in level 0 before level 0's slot for this tick is read.
        var level = 0;
        if ((tick & (Level0Size - 1)) == 0)
        {
            level = 1;
            while (level < UpperLevels && (tick & ((1L << ShiftOf(level + 1)) - 1)) == 0)
            {
                level++;
            }
        }

        for (; level >= 1; level--)
        {
            var slot = SlotIndex(level, (int)((tick >> ShiftOf(level)) & (LevelSize - 1)));
            var index = _heads[slot];
            _heads[slot] = None;
            while (index != None)
            {
                var next = _entries[index].Next;
                Link(index);
                index = next;
            }
        }

        var head = (int)(tick & (Level0Size - 1));
        var current = _heads[head];
        _heads[head] = None;
        var count = 0;
        while (current != None)
        {
            ref var entry = ref _entries[current];
            var next = entry.Next;
            if (count == _firing.Length)
            {
                Array.Resize(ref _firing, _firing.Length * 2);
            }

            _firing[count++] = new TimerFiring(entry.Target!, entry.State, entry.Token);
            Release(current);
            _pending--;
            current = next;
        }

        return count;
    }

    private long ExpiryFor(TimeSpan due)
    {
        // From the provider's clock, not from the last processed tick: a due time counted from a tick
        // that is already partly over would fire early.
        var elapsed = _time.GetElapsedTime(_startTimestamp).Ticks;
        var dueTicks = Math.Max(due.Ticks, 0);
        var expiry = elapsed > long.MaxValue - dueTicks
            ? long.MaxValue / _tickTicks
            : ((elapsed + dueTicks) + _tickTicks - 1) / _tickTicks;
        return Math.Max(expiry, _current + 1);
    }

    private void Link(int index)
    {
        ref var entry = ref _entries[index];
        var delta = entry.Expiry - _current;
        int slot;
        if (delta < Level0Size)
        {
            slot = (int)(entry.Expiry & (Level0Size - 1));
        }
        else
        {
            // Beyond the wheel's span, park in the farthest slot of the last level; the cascade
            // re-places the timer by its real expiry.
            var placed = delta < WheelSpan ? entry.Expiry : _current + WheelSpan - 1;
            var level = 1;
            while (level < UpperLevels && delta >= 1L << (ShiftOf(level) + LevelBits))
            {
                level++;
            }

            slot = SlotIndex(level, (int)((placed >> ShiftOf(level)) & (LevelSize - 1)));
        }

        entry.Slot = slot;
        entry.Prev = None;
        entry.Next = _heads[slot];
        if (entry.Next != None)
        {
            _entries[entry.Next].Prev = index;
        }

        _heads[slot] = index;
    }

    private void Unlink(int index)
    {
        ref var entry = ref _entries[index];
        if (entry.Prev != None)
        {
            _entries[entry.Prev].Next = entry.Next;
        }
        else
        {
            _heads[entry.Slot] = entry.Next;
        }

        if (entry.Next != None)
        {
            _entries[entry.Next].Prev = entry.Prev;
        }
    }

    private int Allocate()
    {
        int index;
        if (_freeHead != None)
        {
            index = _freeHead;
            _freeHead = _entries[index].Next;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            index = _used++;
            _entries[index].Generation = 1;
        }

        return index;
    }

    private void Release(int index)
    {
        ref var entry = ref _entries[index];
        entry.Generation++;
        if (entry.Generation == 0)
        {
            entry.Generation = 1; // 0 would match default(TimerHandle).
        }

        entry.Slot = None;
        entry.Target = null;
        entry.State = null;
        entry.Prev = None;
        entry.Next = _freeHead;
        _freeHead = index;
    }

    private bool IsLivePendingLocked(TimerHandle handle) =>
        !handle.IsDefault
        && (uint)handle.Index < (uint)_used
        && _entries[handle.Index].Generation == handle.Generation
        && _entries[handle.Index].Slot != None;

    private static int ShiftOf(int level) => Level0Bits + (level - 1) * LevelBits;

    private static int SlotIndex(int level, int indexInLevel) =>
        Level0Size + (level - 1) * LevelSize + indexInLevel;
}
