using System.Diagnostics.Metrics;
using SipGuard.Policy;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>Alone: its meter listener hears every proxy in the process, so another test's calls would count as SipGuard's.</summary>
[Collection(MeterListenerCollection.Name)]
public sealed class ProxyWarmupTests
{
    [Fact]
    public void Run_ScreensItsSyntheticCallsWithoutCountingThemAsSipGuardCalls()
    {
        var counted = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith(ProxyMetrics.MeterName, StringComparison.Ordinal) && instrument.Name == "sipguard.calls")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counted)
            {
                counted[instrument.Meter.Name] = counted.GetValueOrDefault(instrument.Meter.Name) + value;
            }
        });
        listener.Start();

        ProxyWarmup.Run(new ListCache(), calls: 100, rounds: 2);

        counted.Should().ContainKey("SipGuard.Proxy.Warmup").WhoseValue.Should().Be(200, "every synthetic INVITE is screened");
        counted.Should().NotContainKey(ProxyMetrics.MeterName, "warm-up calls are not SipGuard's calls");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterListenerCollection
{
    public const string Name = "process-wide meter listeners";
}
