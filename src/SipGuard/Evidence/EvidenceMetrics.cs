using System.Diagnostics.Metrics;

namespace SipGuard.Evidence;

/// <summary>The evidence log's instruments (<c>sipguard.evidence.*</c>).</summary>
internal sealed class EvidenceMetrics : IDisposable
{
    public const string MeterName = "SipGuard.Evidence";

    private readonly Meter _meter;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _written;
    private readonly Counter<long> _writeErrors;

    public EvidenceMetrics(Func<int> queueDepth, Func<int>? healthy = null, IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _dropped = _meter.CreateCounter<long>("sipguard.evidence.dropped", "{record}", "Flagged calls not recorded (and refused with 503): queue full, block timeout, or the log failing to write, by reason.");
        _written = _meter.CreateCounter<long>("sipguard.evidence.written", "{record}", "Evidence records written to the log.");
        _writeErrors = _meter.CreateCounter<long>("sipguard.evidence.write_errors", "{error}", "Failed writes to the evidence log (disk full, I/O error).");
        _meter.CreateObservableGauge("sipguard.evidence.queue_depth", queueDepth, "{record}", "Records waiting to be written.");
        _meter.CreateObservableGauge("sipguard.evidence.healthy", healthy ?? (() => 1), "{state}", "1 while the evidence log writes, 0 while writes fail (flagged calls are refused).");
    }

    public void Dropped(string reason, long count = 1) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Written(long count) => _written.Add(count);

    public void WriteFailed() => _writeErrors.Add(1);

    public void Dispose() => _meter.Dispose();
}
