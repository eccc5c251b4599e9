using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Admin;
using SipGuard.Hosting;
using SipGuard.Reload;
using SipGuard.Telemetry;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Telemetry;

public sealed class HostMetricsTests : IDisposable
{
    private readonly TempConfig _dir = new();
    private readonly ConfigStore<RuntimeSnapshot> _store = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConfigWatcher<RuntimeSnapshot> _watcher;
    private readonly ProxyStatus _proxy = new();
    private readonly HostMetrics _metrics;
    private readonly MetricRecorder _recorder;

    public HostMetricsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _recorder = new MetricRecorder(meters);
        _watcher = new ConfigWatcher<RuntimeSnapshot>(_dir.ConfigPath, new RuntimeCompiler(), _store, NullLogger.Instance, TimeProvider.System);
        _watcher.ReloadNow("start-up").Applied.Should().BeTrue();
        _metrics = new HostMetrics(meters, _watcher, _store, _proxy, new ProbedUpstreamStatus(_store, _proxy));
        _metrics.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _metrics.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _metrics.Dispose();
        _recorder.Dispose();
        _watcher.Dispose();
        _services.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Reloads_are_counted_by_result()
    {
        _watcher.ReloadNow("edit").Applied.Should().BeTrue();
        _dir.Write("listen: [ oops");
        _watcher.ReloadNow("bad edit").Applied.Should().BeFalse();

        _recorder.Sum("sipguard.config.reloads", "result", "applied").Should().Be(1);
        _recorder.Sum("sipguard.config.reloads", "result", "rejected").Should().Be(1);
    }

    [Fact]
    public void List_sizes_are_observed_by_list_name()
    {
        _dir.WriteList("lists/fakes.txt", "+12025550143\n+12025550144\n+12025550145\n");
        _watcher.ReloadNow("list edit").Applied.Should().BeTrue();

        _recorder.Observe();

        _recorder.Sum("sipguard.list.entries", "list", "fakes").Should().Be(3);
    }

    [Fact]
    public void List_age_is_the_time_since_the_file_was_written()
    {
        _dir.WriteList("lists/fakes.txt", "+12025550143\n");
        _watcher.ReloadNow("list edit").Applied.Should().BeTrue();
        var written = File.GetLastWriteTimeUtc(Path.Combine(_dir.Directory, "lists/fakes.txt"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(written, TimeSpan.Zero).AddHours(1));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var recorder = new MetricRecorder(meters);
        using var metrics = new HostMetrics(meters, _watcher, _store, _proxy, new ProbedUpstreamStatus(_store, _proxy), time);

        recorder.Observe();

        recorder.Sum("sipguard.list.age", "list", "fakes").Should().BeApproximately(3600, 0.001);
    }

    [Fact]
    public void Upstream_is_down_until_the_listeners_are_up()
    {
        _recorder.Observe();

        _recorder.Sum("sipguard.upstream.up", "upstream", "callcenter").Should().Be(0);
        new ProbedUpstreamStatus(_store, _proxy).Current().Should().Equal(new UpstreamStatus("callcenter", false));
    }
}
