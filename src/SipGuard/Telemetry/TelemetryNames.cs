using SipGuard.Evidence;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Telemetry;

/// <summary>Every meter and activity source SipGuard emits, so exporters and benchmarks subscribe to the same set.</summary>
internal static class TelemetryNames
{
    public static readonly string[] Meters = [ProxyMetrics.MeterName, EvidenceMetrics.MeterName, HostMetrics.MeterName];

    /// <summary>The .NET runtime's meter (GC, heap, working set, thread pool).</summary>
    public const string RuntimeMeter = "System.Runtime";

    public const string ActivitySource = ProxyMetrics.ActivitySourceName;
}
