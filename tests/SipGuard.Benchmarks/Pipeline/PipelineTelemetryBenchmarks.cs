using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Proxy.Telemetry;
using SipGuard.Telemetry;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>
/// The whole call path (parse, transaction, screening, reply or forward) for an allowed and a spoofed INVITE,
/// with telemetry off, with every SipGuard instrument and the screening span listened to (a MeterListener and
/// an ActivityListener that samples everything), and with the evidence log recording rejections.
/// </summary>
[MemoryDiagnoser]
public class PipelineTelemetryBenchmarks
{
    private PipelineRig _rig = null!;
    private ProxyMetrics _metrics = null!;
    private MeterListener? _meters;
    private ActivityListener? _activities;
    private EvidenceLog? _evidence;
    private string? _evidenceDir;
    private long _measurements;

    [Params(TelemetryListeners.Off, TelemetryListeners.Metrics, TelemetryListeners.MetricsAndTraces)]
    public TelemetryListeners Telemetry { get; set; }

    [Params(false, true)]
    public bool Evidence { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Telemetry != TelemetryListeners.Off)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (TelemetryNames.Meters.Contains(instrument.Meter.Name))
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, value, _, _) => _measurements += value);
            _meters.SetMeasurementEventCallback<int>((_, value, _, _) => _measurements += value);
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => _measurements++);
            _meters.Start();
        }

        if (Telemetry == TelemetryListeners.MetricsAndTraces)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == TelemetryNames.ActivitySource,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => _measurements++,
            };
            ActivitySource.AddActivityListener(_activities);
        }

        _metrics = new ProxyMetrics();
        if (Evidence)
        {
            _evidenceDir = Directory.CreateTempSubdirectory("sipguard-bench-evidence-").FullName;
            _evidence = new EvidenceLog(
                EvidenceSettings.From(new EvidenceConfig(_evidenceDir, 64, EvidenceOverflow.Block)),
                TimeProvider.System,
                NullLogger<EvidenceLog>.Instance);
            _evidence.Start();
        }

        _rig = new PipelineRig(_metrics, _evidence);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rig.Dispose();
        _evidence?.StopAsync().GetAwaiter().GetResult();
        _metrics.Dispose();
        _meters?.Dispose();
        _activities?.Dispose();
        if (_evidenceDir is not null)
        {
            Directory.Delete(_evidenceDir, recursive: true);
        }
    }

    [Benchmark(Description = "allowed INVITE, forwarded")]
    public void Allowed() => _rig.SendAllowed();

    [Benchmark(Description = "spoofed INVITE, 403")]
    public void Spoofed() => _rig.SendSpoofed();
}
