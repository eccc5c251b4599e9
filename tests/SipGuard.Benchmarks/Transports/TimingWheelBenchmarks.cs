using BenchmarkDotNet.Attributes;
using SipGuard.Sip.Timers;

namespace SipGuard.Benchmarks.Transports;

/// <summary>
/// Budget: schedule + cancel of a transaction timer allocates 0 B (pooled entries) and costs a
/// lock and a few array writes. Runs on a manual clock so the tick thread never interferes.
/// </summary>
[MemoryDiagnoser]
public class TimingWheelBenchmarks : ITimerCallback
{
    private TimingWheel _wheel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wheel = new TimingWheel(new ManualClock(), TimeSpan.FromMilliseconds(10));

        // Some background load across levels, as a busy proxy has.
        for (var i = 0; i < 10_000; i++)
        {
            _wheel.Schedule(TimeSpan.FromMilliseconds(500 + (i * 7 % 32_000)), this, token: i);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    [Benchmark]
    public bool ScheduleAndCancel_TimerA() =>
        _wheel.Schedule(TimeSpan.FromMilliseconds(500), this, token: 1).Cancel();

    [Benchmark]
    public bool ScheduleAndCancel_TimerB_OnLevel1() =>
        _wheel.Schedule(TimeSpan.FromSeconds(32), this, token: 2).Cancel();

    public void OnTimer(object? state, long token)
    {
    }

    /// <summary>A clock that never moves and a timer that never fires: measures the wheel alone.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public override long GetTimestamp() => 0;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
