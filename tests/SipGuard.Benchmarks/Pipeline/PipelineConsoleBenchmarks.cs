using BenchmarkDotNet.Attributes;
using SipGuard.OperatorConsole;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>
/// The whole call path with the operator console off, and with it open: its live counters listening to the
/// proxy's instruments, and a poller that every 100 ms reads what the live panel shows and draws its chart
/// (the page itself polls every 5 s, so this is fifty times harsher than one open browser tab).
/// </summary>
[MemoryDiagnoser]
public class PipelineConsoleBenchmarks
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    private PipelineRig _rig = null!;
    private ProxyMetrics _metrics = null!;
    private LiveCounters? _live;
    private CancellationTokenSource? _stop;
    private Thread? _poller;
    private long _polls;

    [Params(false, true)]
    public bool ConsoleOpen { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new ProxyMetrics();
        if (ConsoleOpen)
        {
            _live = new LiveCounters(TimeProvider.System, new SipGuard.Admin.AdminEndpoint(new Uri("http://127.0.0.1:9090")));
            _live.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            _stop = new CancellationTokenSource();
            _poller = new Thread(Poll) { IsBackground = true, Name = "console-poller" };
            _poller.Start();
        }

        _rig = new PipelineRig(_metrics, null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop?.Cancel();
        _poller?.Join();
        _rig.Dispose();
        _live?.Dispose();
        _metrics.Dispose();
    }

    [Benchmark(Description = "allowed INVITE, forwarded")]
    public void Allowed() => _rig.SendAllowed();

    [Benchmark(Description = "spoofed INVITE, 403")]
    public void Spoofed() => _rig.SendSpoofed();

    private void Poll()
    {
        while (!_stop!.Token.WaitHandle.WaitOne(PollEvery))
        {
            _polls += _live!.Calls().Count + _live.Interceptions().Count + _live.Overloads().Count;
            _polls += CallRateChart.Render(_live.Samples(), DateTimeOffset.UtcNow).Length;
        }
    }
}
