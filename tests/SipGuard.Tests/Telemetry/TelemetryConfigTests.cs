using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Telemetry;

public sealed class TelemetryConfigTests
{
    private static ConfigLoadResult Load(string telemetry) =>
        ConfigLoader.Load(TempConfig.Valid.Replace("lists:\n  fakes: { file: lists/fakes.txt, action: reject }", "", StringComparison.Ordinal) + telemetry, "t.yaml", Path.GetTempPath());

    [Fact]
    public void Absent_section_means_no_otlp_and_the_default_sampling()
    {
        Load("").Config!.Telemetry.Should().Be(TelemetryConfig.Default);
    }

    [Fact]
    public void Endpoint_and_sampling_are_read()
    {
        var result = Load("telemetry: { otlp_endpoint: \"http://127.0.0.1:4317\", trace_sampling: 0.5 }\n");
        result.Errors.Should().BeEmpty();
        result.Config!.Telemetry.Should().Be(new TelemetryConfig(new Uri("http://127.0.0.1:4317"), 0.5));
    }

    [Fact]
    public void Endpoint_off_means_no_push()
    {
        Load("telemetry: { otlp_endpoint: off }\n").Config!.Telemetry.OtlpEndpoint.Should().BeNull();
    }

    [Fact]
    public void Sampling_above_one_is_an_error_at_its_key()
    {
        var error = Load("telemetry:\n  trace_sampling: 2\n").Errors.Single();
        error.ConfigPath.Should().Be("telemetry.trace_sampling");
        error.Message.Should().Contain("from 0 to 1");
    }

    [Fact]
    public void Endpoint_that_is_not_http_is_an_error_at_its_key()
    {
        Load("telemetry: { otlp_endpoint: \"udp://x:1\" }\n").Errors.Single().ConfigPath.Should().Be("telemetry.otlp_endpoint");
    }

    [Fact]
    public void Misspelt_key_in_the_section_is_reported()
    {
        Load("telemetry: { trace_samplin: 0.1 }\n").Errors.Should().ContainSingle();
    }
}
