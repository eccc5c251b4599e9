using SipGuard.Admin;
using SipGuard.OperatorConsole;
using SipGuard.Proxy.Telemetry;

namespace SipGuard.Tests.OperatorConsole;

/// <summary>The console's counters listen to the proxy's instruments only when there is a console to show them.</summary>
public sealed class LiveCountersTests
{
    [Fact]
    public async Task With_admin_off_nothing_listens_so_the_call_path_pays_nothing()
    {
        using var live = new LiveCounters(TimeProvider.System, new AdminEndpoint(null));
        await live.StartAsync(CancellationToken.None);
        using var metrics = new ProxyMetrics();

        metrics.Overload("live-counters-test-off");

        live.Overloads().Should().BeEmpty();
        await live.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_an_admin_address_the_console_counts_the_proxys_measurements()
    {
        using var live = new LiveCounters(TimeProvider.System, new AdminEndpoint(new Uri("http://127.0.0.1:9090")));
        await live.StartAsync(CancellationToken.None);
        using var metrics = new ProxyMetrics();

        metrics.Overload("live-counters-test-on");

        live.Overloads().Should().ContainKey("live-counters-test-on").WhoseValue.Should().Be(1);
        await live.StopAsync(CancellationToken.None);
    }
}
