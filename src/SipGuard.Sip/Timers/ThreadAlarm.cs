using System.Diagnostics;

namespace SipGuard.Sip.Timers;

/// <summary>
/// The alarm of a wheel on the system clock: one dedicated thread that sleeps in a kernel wait
/// until the armed time and runs the wheel's ticks itself.
/// </summary>
/// <remarks>
/// A <see cref="System.Threading.Timer"/> costs two thread wake-ups per firing (the runtime's timer
/// thread, then a thread-pool worker that runs the callback) and a trip through the shared timer
/// queue's lock on every re-arm. Here a firing is one wake-up, and the wheel re-arming itself from
/// its own callbacks (the common case: after each tick it arms the next tick with work) is a plain
/// write with no wake-up at all; only a timer scheduled from another thread that is due sooner than
/// the armed time signals the thread.
/// </remarks>
internal sealed class ThreadAlarm : IWheelAlarm
{
    private const long Never = long.MaxValue;

    private readonly Action _onAlarm;
    private readonly AutoResetEvent _signal = new(initialState: false);
    private readonly Thread _thread;
    private long _due = Never; // Stopwatch timestamp
    private volatile bool _disposed;

    public ThreadAlarm(Action onAlarm, string threadName)
    {
        _onAlarm = onAlarm;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    public void Arm(TimeSpan delay)
    {
        // The wheel arms at most one cascade (2.56 s) ahead; the clamp only keeps the sum in range.
        var ticks = Math.Clamp(delay.Ticks, 0, TimeSpan.TicksPerDay);
        var due = Stopwatch.GetTimestamp() + (long)(ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));
        Volatile.Write(ref _due, due);
        if (Thread.CurrentThread != _thread)
        {
            _signal.Set();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _signal.Set(); // the thread disposes the event when it leaves
    }

    private void Run()
    {
        try
        {
            while (!_disposed)
            {
                var due = Volatile.Read(ref _due);
                var now = Stopwatch.GetTimestamp();
                if (now >= due)
                {
                    // Consumed unless an Arm replaced it meanwhile; the wheel re-arms from its tick.
                    Interlocked.CompareExchange(ref _due, Never, due);
                    _onAlarm();
                    continue;
                }

                _signal.WaitOne(due == Never ? Timeout.Infinite : MillisecondsUntil(due - now));
            }
        }
        finally
        {
            _signal.Dispose();
        }
    }

    private static int MillisecondsUntil(long stopwatchTicks)
    {
        var perMillisecond = Stopwatch.Frequency / 1000;
        return (int)Math.Min(int.MaxValue, (stopwatchTicks + perMillisecond - 1) / perMillisecond);
    }
}
