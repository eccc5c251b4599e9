using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Admin;
using SipGuard.Evidence;
using SipGuard.Hosting;
using SipGuard.Reload;
using SipGuard.Proxy.Telemetry;
using SipGuard.Telemetry;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The shipped Prometheus alerts and Grafana dashboard name only metrics SipGuard exports: each sipguard_* name in
/// them is matched against the instruments the host, proxy and evidence log publish, in the Prometheus exporter's
/// naming (dots to underscores, unit <c>s</c> → <c>_seconds</c>, counters end in <c>_total</c>, histograms add
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c>).
/// </summary>
public sealed partial class DeployFilesTests
{
    [Fact]
    public void Alerts_cover_the_five_conditions_and_name_only_exported_metrics()
    {
        var alerts = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "prometheus", "alerts.yml"));

        foreach (var alert in new[] { "SipGuardReloadFailed", "SipGuardListStale", "SipGuardUpstreamDown", "SipGuardInterceptionSpike", "SipGuardEvidenceDropped" })
        {
            alerts.Should().Contain($"alert: {alert}");
        }

        Unknown(alerts).Should().BeEmpty();
    }

    [Fact]
    public void Dashboard_is_json_and_names_only_exported_metrics()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "grafana", "sipguard.json"));
        using var dashboard = JsonDocument.Parse(text);
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        expressions.Should().HaveCountGreaterThan(10);
        Unknown(string.Join('\n', expressions)).Should().BeEmpty();
    }

    [Fact]
    public void The_naming_rule_finds_a_known_metric_and_refuses_a_made_up_one()
    {
        Unknown("rate(sipguard_calls_total[1m]) sipguard_decision_duration_seconds_bucket").Should().BeEmpty();
        Unknown("sipguard_calls_count sipguard_made_up").Should().Equal("sipguard_calls_count", "sipguard_made_up");
    }

    private static List<string> Unknown(string text)
    {
        var exported = ExportedNames();
        return MetricName().Matches(text).Select(m => m.Value).Distinct().Where(n => !exported.Contains(n)).ToList();
    }

    private static HashSet<string> ExportedNames()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (!instrument.Meter.Name.StartsWith("SipGuard", StringComparison.Ordinal))
            {
                return;
            }

            var name = instrument.Name.Replace('.', '_');
            if (instrument.Unit == "s")
            {
                name += "_seconds";
            }

            var type = instrument.GetType().GetGenericTypeDefinition();
            if (type == typeof(Histogram<>))
            {
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else
            {
                names.Add(type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? name + "_total" : name);
            }
        };
        listener.Start();
        using var proxy = new ProxyMetrics(meters);
        proxy.ObserveActiveTransactions(() => 0); // the proxy registers this gauge when it starts
        using var evidence = new EvidenceMetrics(() => 0, () => 1, meters);
        var dir = Directory.CreateTempSubdirectory("sipguard-deploy-").FullName;
        try
        {
            var config = Path.Combine(dir, "sipguard.yaml");
            File.WriteAllText(config, """
                listen: [ "udp://127.0.0.1:5060" ]
                upstreams:
                  callcenter: { targets: [ "sip:127.0.0.1:5080" ] }
                trunks:
                  line: { kind: private-line, sources: [ "127.0.0.2/32" ], upstream: callcenter, allowed_callers: [ "+861066022236" ] }
                """);
            var store = new ConfigStore<RuntimeSnapshot>();
            using var watcher = new ConfigWatcher<RuntimeSnapshot>(config, new RuntimeCompiler(), store, NullLogger.Instance, TimeProvider.System);
            var loaded = watcher.ReloadNow("test");
            loaded.Applied.Should().BeTrue(string.Join('\n', loaded.Errors));
            var status = new ProxyStatus();
            using var host = new HostMetrics(meters, watcher, store, status, new ProbedUpstreamStatus(store, status));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return names;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SipGuard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SipGuard.sln not found above the test binaries");
    }

    [GeneratedRegex("sipguard_[a-z_]+")]
    private static partial Regex MetricName();
}
