namespace SipGuard.Configuration;

/// <summary>Export of metrics and traces beyond the admin scrape (YAML <c>telemetry</c>); settled at start-up.</summary>
/// <param name="OtlpEndpoint">Where to push metrics and traces over OTLP; null (or <c>off</c>) for no push.</param>
/// <param name="TraceSampling">Fraction of INVITEs traced, 0 to 1; traces go out only over OTLP.</param>
public sealed record TelemetryConfig(Uri? OtlpEndpoint, double TraceSampling)
{
    public const double DefaultTraceSampling = 0.01;

    public static TelemetryConfig Default { get; } = new(null, DefaultTraceSampling);
}
