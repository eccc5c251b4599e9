using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Admin;

/// <summary>
/// <c>/healthz</c> (the process is alive) and <c>/readyz</c> (config loaded, listeners up, an upstream
/// reachable, the evidence log writing) on the admin address. <c>/metrics</c> on the same host:port belongs to the OpenTelemetry
/// Prometheus exporter's own HttpListener: the managed HttpListener shares one socket per host:port between
/// listeners and routes each request to the longest matching prefix, so the two never see each other's paths.
/// </summary>
internal sealed partial class AdminServer(
    AdminEndpoint endpoint,
    ConfigStore<RuntimeSnapshot> store,
    ProxyStatus proxy,
    IUpstreamStatusSource upstreams,
    ILogger<AdminServer> logger,
    Evidence.IEvidenceHealth? evidence = null) : IHostedService, IDisposable
{
    private static readonly byte[] Alive = "alive\n"u8.ToArray();

    private readonly HttpListener _listener = new();
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (endpoint.Listen is not { } listen)
        {
            return Task.CompletedTask;
        }

        _listener.Prefixes.Add(endpoint.Prefix(AdminEndpoint.HealthPath));
        _listener.Prefixes.Add(endpoint.Prefix(AdminEndpoint.ReadyPath));
        _listener.Start();
        _loop = ServeAsync();
        Serving(logger, listen);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        _listener.Stop();
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => ((IDisposable)_listener).Dispose();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                ClientGone(logger, e.Message); // the client hung up mid-answer: nothing to repair
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
        if (path == AdminEndpoint.HealthPath)
        {
            Write(response, 200, Alive);
            return;
        }

        if (path == AdminEndpoint.ReadyPath)
        {
            var readiness = Readiness.Evaluate(store.HasValue, proxy.Accepting, upstreams.Current());
            if (readiness.Ready && evidence is { Healthy: false })
            {
                readiness = new Readiness(false, evidence.Detail);
            }

            Write(response, readiness.Ready ? 200 : 503, Encoding.ASCII.GetBytes(readiness.Reason + "\n"));
            return;
        }

        Write(response, 404, "not found\n"u8.ToArray());
    }

    private static void Write(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Admin: /healthz, /readyz and /metrics on {Listen}")]
    private static partial void Serving(ILogger logger, Uri listen);

    [LoggerMessage(EventId = 61, Level = LogLevel.Debug, Message = "Admin client hung up: {Reason}")]
    private static partial void ClientGone(ILogger logger, string reason);
}
