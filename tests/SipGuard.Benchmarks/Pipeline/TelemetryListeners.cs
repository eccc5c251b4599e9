namespace SipGuard.Benchmarks.Pipeline;

/// <summary>What listens to SipGuard's telemetry during a pipeline benchmark.</summary>
public enum TelemetryListeners
{
    /// <summary>Nothing: instruments exist but are disabled, no span is created.</summary>
    Off,

    /// <summary>A MeterListener on every SipGuard instrument.</summary>
    Metrics,

    /// <summary>The MeterListener plus an ActivityListener that samples every screening span.</summary>
    MetricsAndTraces,
}
