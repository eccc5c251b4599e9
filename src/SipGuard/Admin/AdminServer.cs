using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Admin;

/// <summary>
/// The one HTTP server on the admin address: Kestrel with <c>/healthz</c> (the process is alive), <c>/readyz</c>
/// (config loaded, listeners up, an upstream reachable by its breakers and probes, the evidence log writing), <c>/metrics</c> (the
/// OpenTelemetry Prometheus exporter's middleware over the host's meter provider) and every
/// <see cref="IAdminRoutes"/>. It is registered before the proxy, so a host that cannot bind its admin address
/// stops before any SIP listener opens.
/// </summary>
internal sealed partial class AdminServer(
    AdminEndpoint endpoint,
    ConfigStore<RuntimeSnapshot> store,
    ProxyStatus proxy,
    IUpstreamStatusSource upstreams,
    IServiceProvider services,
    ILoggerFactory loggers,
    ILogger<AdminServer> logger,
    Evidence.IEvidenceHealth? evidence = null) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (endpoint.Listen is not { } listen)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(AdminServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddSingleton(services.GetRequiredService<MeterProvider>());
        // Bodies bound to handler parameters (the console's explain form) read through generated code too.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJson.Default));
        builder.WebHost.UseKestrel(kestrel =>
        {
            foreach (var address in endpoint.BindAddresses())
            {
                kestrel.Listen(address);
            }
        });
        var app = builder.Build();
        app.MapGet(AdminEndpoint.HealthPath, () => Results.Text("alive\n"));
        app.MapGet(AdminEndpoint.ReadyPath, Ready);
        app.MapPrometheusScrapingEndpoint(AdminEndpoint.MetricsPath);
        foreach (var routes in services.GetServices<IAdminRoutes>())
        {
            routes.Map(app);
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new AdminBindException($"cannot serve the admin address {listen}: {e.Message} (no SIP listener was opened)", e);
        }

        _app = app;
        Serving(logger, listen);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IResult Ready()
    {
        var readiness = Readiness.Evaluate(store.HasValue, proxy.Accepting, upstreams.Current());
        if (readiness.Ready && evidence is { Healthy: false })
        {
            readiness = new Readiness(false, evidence.Detail);
        }

        var details = services.GetServices<IReadinessDetail>().Select(d => d.Detail() + "\n");
        return Results.Text(readiness.Reason + "\n" + string.Concat(details), "text/plain; charset=utf-8", statusCode: readiness.Ready ? 200 : 503);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Admin: /healthz, /readyz, /metrics, the list API and the console on {Listen}")]
    private static partial void Serving(ILogger logger, Uri listen);
}
