using Microsoft.Extensions.Time.Testing;
using SipGuard.Sip.Timers;

namespace SipGuard.Sip.Tests.Timers;

public sealed class TimingWheelTests : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly TimingWheel _wheel;
    private readonly RecordingCallback _callback;

    public TimingWheelTests()
    {
        _wheel = new TimingWheel(_time, Tick);
        _callback = new RecordingCallback(_time);
    }

    public void Dispose() => _wheel.Dispose();

    [Fact]
    public void Schedule_T1_FiresOnItsTickAndNotBefore()
    {
        _wheel.Schedule(TimeSpan.FromMilliseconds(500), _callback, token: 1);

        _time.Advance(TimeSpan.FromMilliseconds(490));
        _callback.Fired.Should().BeEmpty();

        _time.Advance(Tick);
        _callback.Fired.Should().ContainSingle().Which.Token.Should().Be(1);
    }

    [Fact]
    public void Schedule_DueBetweenTicks_FiresNeverEarlyAndAtMostOneTickLate()
    {
        var start = _time.GetUtcNow();
        var due = TimeSpan.FromMilliseconds(1234.5);
        _wheel.Schedule(due, _callback);

        _time.Advance(due - TimeSpan.FromTicks(1));
        _callback.Fired.Should().BeEmpty();

        _time.Advance(Tick + TimeSpan.FromTicks(1));
        _callback.Fired.Should().ContainSingle();
        var firedAfter = _callback.Fired[0].At - start;
        firedAfter.Should().BeGreaterThanOrEqualTo(due).And.BeLessThanOrEqualTo(due + Tick);
    }

    [Fact]
    public void Schedule_AfterClockMovedMidTick_DoesNotFireEarly()
    {
        _time.Advance(TimeSpan.FromMilliseconds(7));
        var scheduledAt = _time.GetUtcNow();
        _wheel.Schedule(TimeSpan.FromMilliseconds(20), _callback);

        _time.Advance(TimeSpan.FromMilliseconds(19));
        _callback.Fired.Should().BeEmpty();

        _time.Advance(TimeSpan.FromMilliseconds(11));
        _callback.Fired.Should().ContainSingle();
        (_callback.Fired[0].At - scheduledAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(20));
    }

    [Theory]
    [InlineData(2_560)]        // exactly the first level's span
    [InlineData(32_000)]       // Timer B/F/H, Timer D: 64*T1, on level 1
    [InlineData(200_000)]      // beyond level 1 (163.84 s), on level 2
    [InlineData(11_000_000)]   // beyond level 2 (2.9 h), on level 3
    public void Schedule_LongDelay_CascadesAndFiresOnTime(int milliseconds)
    {
        var due = TimeSpan.FromMilliseconds(milliseconds);
        _wheel.Schedule(due, _callback, token: milliseconds);

        _time.Advance(due - Tick);
        _callback.Fired.Should().BeEmpty();

        _time.Advance(Tick);
        _callback.Fired.Should().ContainSingle().Which.Token.Should().Be(milliseconds);
    }

    [Fact]
    public void Schedule_BeyondWheelSpan_ReparksAndFiresOnTime()
    {
        var due = TimeSpan.FromDays(9); // the four levels span 7.7 days at 10 ms
        _wheel.Schedule(due, _callback);

        _time.Advance(due - Tick);
        _callback.Fired.Should().BeEmpty();

        _time.Advance(Tick);
        _callback.Fired.Should().ContainSingle();
    }

    [Fact]
    public void Cancel_PendingTimer_NeverFiresAndReturnsTrue()
    {
        var handle = _wheel.Schedule(TimeSpan.FromSeconds(5), _callback);

        handle.Cancel().Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(10));

        _callback.Fired.Should().BeEmpty();
        _wheel.Count.Should().Be(0);
    }

    [Fact]
    public void Cancel_AfterFiring_IsNoOpAndReturnsFalse()
    {
        var handle = _wheel.Schedule(TimeSpan.FromMilliseconds(100), _callback);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        handle.Cancel().Should().BeFalse();
        handle.IsPending.Should().BeFalse();
    }

    [Fact]
    public void Cancel_StaleHandleAfterEntryReuse_DoesNotCancelTheNewTimer()
    {
        var stale = _wheel.Schedule(TimeSpan.FromMilliseconds(100), _callback, token: 1);
        stale.Cancel().Should().BeTrue();
        var fresh = _wheel.Schedule(TimeSpan.FromMilliseconds(100), _callback, token: 2);

        stale.Cancel().Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(100));

        fresh.IsPending.Should().BeFalse();
        _callback.Fired.Should().ContainSingle().Which.Token.Should().Be(2);
    }

    [Fact]
    public void Cancel_DefaultHandle_ReturnsFalse()
    {
        default(TimerHandle).Cancel().Should().BeFalse();
    }

    [Fact]
    public void Reschedule_PendingTimer_MovesItsDueTime()
    {
        var handle = _wheel.Schedule(TimeSpan.FromMilliseconds(500), _callback);

        _wheel.Reschedule(handle, TimeSpan.FromSeconds(4)).Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(3));
        _callback.Fired.Should().BeEmpty();

        _time.Advance(TimeSpan.FromSeconds(1));
        _callback.Fired.Should().ContainSingle();
    }

    [Fact]
    public void Reschedule_FiredTimer_ReturnsFalse()
    {
        var handle = _wheel.Schedule(TimeSpan.FromMilliseconds(10), _callback);
        _time.Advance(TimeSpan.FromMilliseconds(10));

        _wheel.Reschedule(handle, TimeSpan.FromSeconds(1)).Should().BeFalse();
    }

    [Fact]
    public void Schedule_ManyTimers_EachFiresWithinOneTickOfItsDueTime()
    {
        var start = _time.GetUtcNow();
        var random = new Random(42);
        var dues = Enumerable.Range(0, 5_000).Select(_ => random.Next(1, 40_000)).ToArray();
        foreach (var due in dues)
        {
            _wheel.Schedule(TimeSpan.FromMilliseconds(due), _callback, token: due);
        }

        AdvanceInTicks(TimeSpan.FromSeconds(41));

        _callback.Fired.Should().HaveCount(dues.Length);
        foreach (var (token, _, at) in _callback.Fired)
        {
            var due = TimeSpan.FromMilliseconds(token);
            (at - start).Should().BeGreaterThanOrEqualTo(due).And.BeLessThanOrEqualTo(due + Tick);
        }

        _wheel.Count.Should().Be(0);
    }

    [Fact]
    public void Callback_SchedulesFromInsideTheTick_TheNewTimerFiresLater()
    {
        // Timer A doubling as RFC 3261 retransmissions do: each firing schedules the next.
        var interval = 500;
        _callback.OnFire = token =>
        {
            if (token < 3)
            {
                interval *= 2;
                _wheel.Schedule(TimeSpan.FromMilliseconds(interval), _callback, token: token + 1);
            }
        };
        _wheel.Schedule(TimeSpan.FromMilliseconds(interval), _callback, token: 0);

        AdvanceInTicks(TimeSpan.FromMilliseconds(500 + 1000 + 2000 + 4000));

        _callback.Fired.Select(f => f.Token).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void Callback_Throws_OtherTimersStillFireAndWheelKeepsTicking()
    {
        var thrower = new ThrowingCallback();
        _wheel.Schedule(TimeSpan.FromMilliseconds(50), thrower);
        _wheel.Schedule(TimeSpan.FromMilliseconds(50), _callback, token: 1);
        _wheel.Schedule(TimeSpan.FromMilliseconds(80), _callback, token: 2);

        _time.Advance(TimeSpan.FromMilliseconds(100));

        thrower.Calls.Should().Be(1);
        _callback.Fired.Select(f => f.Token).Should().Equal(1, 2);
    }

    [Fact]
    public void Schedule_StateAndToken_AreHandedBack()
    {
        var state = new object();
        _wheel.Schedule(TimeSpan.FromMilliseconds(10), _callback, state, 77);

        _time.Advance(TimeSpan.FromMilliseconds(10));

        _callback.Fired.Should().ContainSingle().Which.Should().Match<(long Token, object? State, DateTimeOffset At)>(
            f => f.Token == 77 && ReferenceEquals(f.State, state));
    }

    [Fact]
    public void ScheduleAndCancel_FromManyThreads_LeavesNoTimerBehind()
    {
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                var handle = _wheel.Schedule(TimeSpan.FromMilliseconds(i % 5_000), _callback);
                handle.Cancel().Should().BeTrue();
            }
        });

        _wheel.Count.Should().Be(0);
        _time.Advance(TimeSpan.FromSeconds(6));
        _callback.Fired.Should().BeEmpty();
    }

    /// <summary>Moves the clock one tick at a time, as a real clock would, so callbacks see the time they fire at.</summary>
    private void AdvanceInTicks(TimeSpan total)
    {
        for (var t = TimeSpan.Zero; t < total; t += Tick)
        {
            _time.Advance(Tick);
        }
    }

    private sealed class ThrowingCallback : ITimerCallback
    {
        public int Calls { get; private set; }

        public void OnTimer(object? state, long token)
        {
            Calls++;
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public void EmptyWheel_NeverWakes()
    {
        for (var i = 0; i < 1000; i++)
        {
            _time.Advance(Tick);
        }

        _wheel.WakeUps.Should().Be(0, "nothing is scheduled, so an idle proxy pays for no tick");
    }

    [Fact]
    public void SparseTimer_WakesForItsCascadesAndItsTickOnly_AndFiresOnTime()
    {
        var start = _time.GetUtcNow();
        _wheel.Schedule(TimeSpan.FromSeconds(6), _callback);

        for (var i = 0; i < 700; i++)
        {
            _time.Advance(Tick);
        }

        _callback.Fired.Should().ContainSingle();
        (_callback.Fired[0].At - start).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(6)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(6) + Tick);
        _wheel.WakeUps.Should().BeLessThanOrEqualTo(4, "a 6 s timer needs the cascades at 2.56 s and 5.12 s and its own tick, not 600 ticks");
    }

    [Fact]
    public void TimerScheduledFromACallback_SoonerThanTheNextWake_FiresOnTime()
    {
        var start = _time.GetUtcNow();
        _wheel.Schedule(TimeSpan.FromSeconds(2), _callback, token: 2);
        _callback.OnFire = token =>
        {
            if (token == 2)
            {
                _wheel.Schedule(TimeSpan.FromMilliseconds(30), _callback, token: 3);
            }
        };
        _wheel.Schedule(TimeSpan.FromMilliseconds(100), _callback, token: 1);

        for (var i = 0; i < 300; i++)
        {
            _time.Advance(Tick);
        }

        _callback.Fired.Select(f => f.Token).Should().Equal(1, 2, 3);
        (_callback.Fired[2].At - start).Should().BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(2030) + Tick);
    }
}
