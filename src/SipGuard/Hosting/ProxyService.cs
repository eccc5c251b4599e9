using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Admin;
using SipGuard.Resolution;
using SipGuard.Evidence;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Telemetry;
using SipGuard.Reload;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Hosting;

/// <summary>
/// Runs the proxy: binds the listeners, hands every message to <see cref="SipProxy"/>, swaps in
/// each config the watcher applies, and on SIGTERM drains: new INVITEs get 503 + Retry-After while
/// transactions in progress finish, up to <c>proxy.drain_timeout</c>.
/// </summary>
internal sealed partial class ProxyService(
    ConfigStore<RuntimeSnapshot> store,
    ConfigWatcher<RuntimeSnapshot> watcher,
    UpstreamNames names,
    TimeProvider time,
    EvidenceLog evidence,
    ProxyStatus status,
    IMeterFactory meters,
    ILoggerFactory loggers,
    ILogger<ProxyService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);

    private TimingWheel? _wheel;
    private SipTransportSet? _transports;
    private SipProxy? _proxy;
    private ProxyMetrics? _metrics;
    private readonly Lock _publish = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var active = store.Current;
        var config = active.Config.Proxy;
        var limits = new SipParserLimits(config.Limits.MaxMessageBytes, config.Limits.MaxHeaders, 8 * 1024, 64);
        var transportConfig = new TransportConfig
        {
            Listen = config.Listeners.Select(l => l.Uri).ToList(),
            MaxMessageSize = config.Limits.MaxMessageBytes,
            TcpMaxConnections = config.Limits.MaxTcpConnections,
            TcpMaxConnectionsPerSource = config.Limits.MaxTcpConnectionsPerSource,
            TcpMessageTimeout = config.Limits.TcpMessageTimeout,
            TcpIdleTimeout = config.Limits.TcpIdleTimeout,
        };

        var warmup = ProxyWarmup.Run(active.Snapshot.Lists);
        WarmedUp(logger, warmup.TotalMilliseconds);
        _wheel = new TimingWheel(time, TimeSpan.FromMilliseconds(10), loggers.CreateLogger<TimingWheel>());
        if (!SipTransportSet.TryCreate(transportConfig, _wheel, time, loggers, out var transports, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _transports = transports!;
        ApplyTls(config.Tls);
        _metrics = new ProxyMetrics(meters);
        _proxy = new SipProxy(
            UpstreamNames.Apply(active.Snapshot, names.Current),
            _transports,
            _transports.Listeners,
            _wheel,
            new SipProxyOptions(config.MaxTransactions, limits),
            _metrics,
            observer: evidence,
            logger: loggers.CreateLogger<SipProxy>());
        watcher.Reloaded += OnReloaded;
        names.Changed += Republish;
        Republish(); // an answer that came while the proxy was being built
        await _transports.StartAsync(_proxy, cancellationToken).ConfigureAwait(false);
        status.Started(_transports, _proxy);
        foreach (var listener in _transports.Listeners)
        {
            Listening(logger, listener);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        watcher.Reloaded -= OnReloaded;
        names.Changed -= Republish;
        status.Draining();
        if (_proxy is not null)
        {
            _proxy.BeginDrain();
            var deadline = time.GetUtcNow() + store.Current.Config.Proxy.DrainTimeout;
            Draining(logger, _proxy.CallsInProgress);
            while (_proxy.CallsInProgress > 0 && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
            {
                // Shutdown only: transactions end on their own timers; this just waits for the count to reach zero.
                await Task.Delay(DrainPoll, time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (_transports is not null)
        {
            status.Stopped();
            await _transports.StopAsync().ConfigureAwait(false);
        }

        Stopped(logger, _proxy?.CallsInProgress ?? 0);
    }

    public void Dispose()
    {
        _wheel?.Dispose();
        _metrics?.Dispose();
    }

    private void OnReloaded(ReloadOutcome outcome)
    {
        if (outcome.Applied)
        {
            Republish();
        }
    }

    /// <summary>The running config with the upstream names' last good answers; reloads and answers both come here, one at a time.</summary>
    private void Republish()
    {
        lock (_publish)
        {
            _proxy?.Update(UpstreamNames.Apply(store.Current.Snapshot, names.Current));
            ApplyTls(store.Current.Config.Proxy.Tls);
        }
    }

    /// <summary>New connections present and verify with <paramref name="tls"/>; a changed listener certificate is logged once it is in force.</summary>
    private void ApplyTls(Sip.Transports.Tls.TlsSettings tls)
    {
        if (_transports is null)
        {
            return;
        }

        var previous = _transports.Tls.Server?.Leaf.Thumbprint;
        _transports.UpdateTls(tls);
        if (tls.Server is { } server && server.Leaf.Thumbprint != previous)
        {
            TlsCertificateInForce(logger, server.Leaf.Subject, server.Leaf.NotAfter);
        }
    }

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "TLS listeners present {Subject} (valid until {NotAfter:yyyy-MM-dd}) to new connections")]
    private static partial void TlsCertificateInForce(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Call path warmed up in {Milliseconds:F0} ms")]
    private static partial void WarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Listening on {Listener}")]
    private static partial void Listening(ILogger logger, ListenerUri listener);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Draining: no new INVITEs, {Active} call(s) awaiting a final response")]
    private static partial void Draining(ILogger logger, int active);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Stopped ({Active} call(s) still unanswered)")]
    private static partial void Stopped(ILogger logger, int active);
}
