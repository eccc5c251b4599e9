using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Admin;
using SipGuard.Reload;
using SipGuard.Telemetry;

namespace SipGuard.Hosting;

/// <summary>Builds the Generic Host around an already loaded config: systemd integration, the config store and
/// reload watcher, then whatever <see cref="HostSeams.ConfigureProxy"/> adds, then telemetry and the admin endpoint.</summary>
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
        // Seam: a later registration (the upstream-probe work, in HostSeams.ConfigureProxy) replaces this one.
        builder.Services.AddSingleton<IUpstreamStatusSource, ConfiguredUpstreamStatus>();
        seams.ConfigureProxy(builder);
        builder.AddSipGuardTelemetry(initial.Config, admin);
        builder.Services.AddHostedService<HostMetrics>();
        builder.Services.AddHostedService<AdminServer>();
        return builder.Build();
    }
}
