using SipGuard.Sip.Timers;

namespace SipGuard.Sip.Tests.Timers;

/// <summary>
/// The wheel on the system clock runs on its own thread (<c>ThreadAlarm</c>): timers fire there, in
/// due order, and a sooner timer scheduled from another thread wakes a thread that sleeps for a
/// later one. Waits are on the callbacks themselves; the timeouts only bound a broken wheel.
/// </summary>
public sealed class SystemClockWheelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_timer_fires_on_the_wheels_own_thread()
    {
        using var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var callback = new Completion();

        wheel.Schedule(TimeSpan.FromMilliseconds(20), callback, token: 7);

        var (thread, token) = await callback.Fired.Task.WaitAsync(Bound);
        token.Should().Be(7);
        thread.Should().Be("sipguard-timer");
    }

    [Fact]
    public async Task A_sooner_timer_scheduled_from_another_thread_fires_before_the_one_the_thread_sleeps_for()
    {
        using var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var late = new Completion();
        var soon = new Completion();

        wheel.Schedule(TimeSpan.FromMinutes(10), late);
        await Task.Run(() => wheel.Schedule(TimeSpan.FromMilliseconds(20), soon));

        await soon.Fired.Task.WaitAsync(Bound);
        late.Fired.Task.IsCompleted.Should().BeFalse("the 10-minute timer is not due");
        wheel.Count.Should().Be(1);
    }

    [Fact]
    public async Task A_callback_that_schedules_the_next_timer_keeps_the_chain_going()
    {
        using var wheel = new TimingWheel(TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var chain = new Chain(wheel, links: 5);

        wheel.Schedule(TimeSpan.FromMilliseconds(10), chain);

        (await chain.Done.Task.WaitAsync(Bound)).Should().Be(5);
    }

    private sealed class Completion : ITimerCallback
    {
        public TaskCompletionSource<(string? Thread, long Token)> Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnTimer(object? state, long token) => Fired.TrySetResult((Thread.CurrentThread.Name, token));
    }

    private sealed class Chain(TimingWheel wheel, int links) : ITimerCallback
    {
        private int _fired;

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnTimer(object? state, long token)
        {
            if (++_fired == links)
            {
                Done.TrySetResult(_fired);
                return;
            }

            wheel.Schedule(TimeSpan.FromMilliseconds(10), this);
        }
    }
}
