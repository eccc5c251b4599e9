using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Admin;
using SipGuard.Admin.Lists;
using SipGuard.Cluster;
using SipGuard.OperatorConsole;
using SipGuard.Reload;
using SipGuard.Telemetry;

namespace SipGuard.Hosting;

/// <summary>Builds the Generic Host around an already loaded config: systemd integration, the config store and
/// reload watcher, then whatever <see cref="HostSeams.ConfigureProxy"/> adds, then telemetry; the admin server starts first.</summary>
internal static class SipGuardHost
{
    public static IHost Build(string configPath, ActiveConfig<RuntimeSnapshot> initial, HostSeams seams)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // The host's own appsettings/environment are not SipGuard's config; keep start-up independent of the cwd.
            DisableDefaults = false,
            Args = [],
        });
        builder.Services.AddSystemd();
        // Kestrel logs every admin request at Information: a Prometheus scrape every 15 s and a
        // console polling each second would bury SipGuard's own log lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var store = new ConfigStore<RuntimeSnapshot>();
        store.Publish(initial);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(new Evidence.ConfigFingerprints(configPath, store));
        builder.Services.AddSingleton(seams.Compiler);
        builder.Services.AddSingleton(provider => new ConfigWatcher<RuntimeSnapshot>(
            configPath,
            seams.Compiler,
            store,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("SipGuard.Reload"),
            provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<ConfigReloadService>();
        var admin = AdminEndpoint.From(initial.Config.Admin);
        builder.Services.AddSingleton(admin);
        builder.Services.AddSingleton<ProxyStatus>();
        builder.Services.AddSingleton<IUpstreamStatusSource, ProbedUpstreamStatus>();
        // Hosted services start in registration order: the admin address is bound before the proxy opens any SIP listener.
        var overlay = seams.Compiler is RuntimeCompiler runtime ? runtime.Overlay : new FileListOverlay();
        builder.Services.AddSingleton<IListOverlay>(overlay);
        builder.Services.AddSingleton<IReadinessDetail, ConfigVersionDetail>();
        if (overlay is RedisListOverlay shared && initial.Config.Cluster is { } cluster)
        {
            ClusterServices.Add(builder.Services, shared, cluster);
        }
        else
        {
            builder.Services.AddSingleton(sp => new ClusterMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), store, null));
        }

        builder.Services.AddSingleton<IAdminRoutes, ListApi>();
        builder.Services.AddSingleton(seams.Explainer);
        builder.Services.AddSingleton<LiveCounters>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveCounters>());
        builder.Services.AddSingleton<ReloadHistory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReloadHistory>());
        builder.Services.AddSingleton<ListInventory>();
        builder.Services.AddSingleton<IAdminRoutes, ConsoleRoutes>();
        builder.Services.AddHostedService<AdminServer>();
        seams.ConfigureProxy(builder);
        builder.AddSipGuardTelemetry(initial.Config, admin);
        builder.Services.AddHostedService<HostMetrics>();
        builder.Services.AddHostedService(sp => new MetricsActivation(sp.GetRequiredService<ClusterMetrics>()));
        return builder.Build();
    }
}
