using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SipGuard.Admin;
using SipGuard.Configuration;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Telemetry;

/// <summary>
/// Wires OpenTelemetry into the host: every SipGuard meter, scraped by Prometheus at <c>/metrics</c> on the
/// admin address and pushed over OTLP when <c>telemetry.otlp_endpoint</c> is set; the per-INVITE span is
/// only listened to when there is somewhere to send it (OTLP), so without it screening never builds a span.
/// </summary>
internal static class TelemetrySetup
{
    /// <summary>Decision latency sits in microseconds; the default second-scale buckets would put every call in the first.</summary>
    private static readonly double[] DecisionBuckets = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 1e-3, 1e-2];

    public static void AddSipGuardTelemetry(this HostApplicationBuilder builder, SipGuardConfig config, AdminEndpoint admin)
    {
        var telemetry = config.Telemetry;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sipguard"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetryNames.Meters);

                // The runtime's own meter: GC collections and pause time, heap sizes, working set, thread
                // pool. Observable instruments, read only when scraped or exported: nothing on the call path.
                metrics.AddMeter(TelemetryNames.RuntimeMeter);
                metrics.AddView("sipguard.decision.duration", new ExplicitBucketHistogramConfiguration { Boundaries = DecisionBuckets });
                if (admin.Listen is not null)
                {
                    // Served by the admin server's Kestrel (Admin/AdminServer), which maps the scrape path.
                    // No response cache: a scrape (or /readyz's caller checking the gauge) sees the state of that moment.
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (telemetry.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = endpoint);
                }
            });

        if (telemetry.OtlpEndpoint is { } traceEndpoint && telemetry.TraceSampling > 0)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ProxyMetrics.ActivitySourceName)
                .SetSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampling))
                .AddOtlpExporter(options => options.Endpoint = traceEndpoint));
        }
    }
}
