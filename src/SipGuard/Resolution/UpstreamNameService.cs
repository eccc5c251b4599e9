using System.Diagnostics.Metrics;
using System.Net.Sockets;
using DnsClient;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SipGuard.Configuration;
using SipGuard.Hosting;
using SipGuard.Proxy.Routing;
using SipGuard.Reload;

namespace SipGuard.Resolution;

/// <summary>
/// Resolves the upstream targets written as DNS names, off the call path: at start and after every reload,
/// then again when 3/4 of the answer's TTL has passed. A changed answer is published to
/// <see cref="UpstreamNames"/> (the proxy swaps it into the live snapshot); a failed or empty lookup keeps
/// the last good answer, is logged and counted, and is retried with a growing delay (docs/dns.md).
/// </summary>
internal sealed partial class UpstreamNameService(
    ConfigStore<RuntimeSnapshot> store,
    ConfigWatcher<RuntimeSnapshot> watcher,
    UpstreamNames names,
    IMeterFactory meters,
    ILogger<UpstreamNameService> logger) : BackgroundService
{
    private static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Idle = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _reloaded = new(0);
    private readonly Dictionary<string, (SipTargetName Name, DateTimeOffset Due, int Failures)> _schedule = new(StringComparer.Ordinal);
    private Counter<long>? _lookups;
    private (ResolverConfig Config, IReadOnlyList<ListenerConfigKey> Listeners, SipNameResolver Resolver)? _resolver;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lookups = meters.Create(Telemetry.HostMetrics.MeterName).CreateCounter<long>(
            "sipguard.dns.lookups", description: "Lookups of upstream target names, by result: changed, unchanged, empty, failed.");
        watcher.Reloaded += OnReloaded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var config = store.Current.Config;
                Synchronise(config);
                await LookUpDueAsync(config, stoppingToken).ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow;
                var next = _schedule.Count == 0 ? Idle : _schedule.Values.Min(s => s.Due) - now;
                await _reloaded.WaitAsync(next < TimeSpan.Zero ? TimeSpan.Zero : next, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            watcher.Reloaded -= OnReloaded;
        }
    }

    public override void Dispose()
    {
        _reloaded.Dispose();
        base.Dispose();
    }

    private void OnReloaded(ReloadOutcome outcome)
    {
        if (outcome.Applied)
        {
            _reloaded.Release();
        }
    }

    /// <summary>New names are looked up now; names a reload removed are dropped with their answers.</summary>
    private void Synchronise(SipGuardConfig config)
    {
        var wanted = SipTargetName.All(config.Proxy);
        foreach (var uri in _schedule.Keys.Where(uri => !wanted.ContainsKey(uri)).ToArray())
        {
            _schedule.Remove(uri);
        }

        foreach (var (uri, name) in wanted)
        {
            if (!_schedule.TryGetValue(uri, out var entry) || entry.Name != name)
            {
                _schedule[uri] = (name, DateTimeOffset.MinValue, 0);
            }
        }

        var kept = names.Current.Keep(wanted.Keys.ToHashSet(StringComparer.Ordinal));
        if (kept.Count != names.Current.Count)
        {
            names.Set(kept);
        }
    }

    private async Task LookUpDueAsync(SipGuardConfig config, CancellationToken cancel)
    {
        var resolver = ResolverFor(config);
        foreach (var (uri, entry) in _schedule.Where(s => s.Value.Due <= DateTimeOffset.UtcNow).ToArray())
        {
            var last = names.Current.For(uri);
            NameAnswer answer;
            try
            {
                answer = await resolver.ResolveAsync(entry.Name, cancel).ConfigureAwait(false);
            }
            catch (DnsLookupException e)
            {
                var retry = Retry(entry.Failures);
                _schedule[uri] = (entry.Name, DateTimeOffset.UtcNow + retry, entry.Failures + 1);
                _lookups?.Add(1, new KeyValuePair<string, object?>("result", "failed"));
                LookupFailed(logger, uri, e.Message, last.Count, retry.TotalSeconds);
                continue;
            }

            if (answer.Targets.Count == 0)
            {
                var retry = Retry(entry.Failures);
                _schedule[uri] = (entry.Name, DateTimeOffset.UtcNow + retry, entry.Failures + 1);
                _lookups?.Add(1, new KeyValuePair<string, object?>("result", "empty"));
                LookupEmpty(logger, uri, answer.Path, last.Count, retry.TotalSeconds);
                continue;
            }

            var refresh = answer.Ttl * 3 / 4 < MinRefresh ? MinRefresh : answer.Ttl * 3 / 4;
            _schedule[uri] = (entry.Name, DateTimeOffset.UtcNow + refresh, 0);
            if (last.SequenceEqual(answer.Targets))
            {
                _lookups?.Add(1, new KeyValuePair<string, object?>("result", "unchanged"));
                Unchanged(logger, uri, refresh.TotalSeconds);
                continue;
            }

            // Published before the log line: whoever reads the line finds the new targets in force.
            names.Set(names.Current.With(uri, answer.Targets));
            _lookups?.Add(1, new KeyValuePair<string, object?>("result", "changed"));
            var targets = Describe(answer.Targets);
            Resolved(logger, uri, targets, answer.Path, (int)answer.Ttl.TotalSeconds, refresh.TotalSeconds);
        }
    }

    /// <summary>1 s, 2 s, 4 s … up to a minute between tries while lookups fail.</summary>
    private static TimeSpan Retry(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetry.TotalSeconds, Math.Pow(2, Math.Min(failures, 10))));

    private SipNameResolver ResolverFor(SipGuardConfig config)
    {
        var listeners = config.Proxy.Listeners.Select(l => new ListenerConfigKey(l.Transport, l.Address.AddressFamily)).Distinct().ToArray();
        if (_resolver is { } cached && cached.Config == config.Resolver && cached.Listeners.SequenceEqual(listeners))
        {
            return cached.Resolver;
        }

        var options = config.Resolver.Servers.Count > 0 ? new LookupClientOptions([.. config.Resolver.Servers]) : new LookupClientOptions();
        // The service keeps answers by their TTL itself; a cache in the client would hide a changed record.
        options.UseCache = false;
        options.Timeout = config.Resolver.Timeout;
        options.Retries = 1;
        options.UseTcpFallback = true;
        options.ContinueOnDnsError = true;
        var resolver = new SipNameResolver(new LookupClient(options), [.. listeners.Select(l => (l.Transport, l.Family))]);
        _resolver = (config.Resolver, listeners, resolver);
        return resolver;
    }

    private static string Describe(IReadOnlyList<ResolvedTarget> targets) =>
        string.Join(", ", targets.Select(t => $"{t.Target.Remote}/{t.Target.Transport.ToString().ToUpperInvariant()} (priority {t.Priority}, weight {t.Weight})"));

    private readonly record struct ListenerConfigKey(Sip.Transports.SipTransportKind Transport, AddressFamily Family);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Upstream name {Uri} resolved to {Targets} by {Path} (TTL {Ttl} s); next lookup in {Next:F1} s")]
    private static partial void Resolved(ILogger logger, string uri, string targets, string path, int ttl, double next);

    [LoggerMessage(EventId = 121, Level = LogLevel.Debug, Message = "Upstream name {Uri} unchanged; next lookup in {Next:F1} s")]
    private static partial void Unchanged(ILogger logger, string uri, double next);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "DNS lookup of upstream name {Uri} failed ({Reason}); keeping its last good answer ({Count} target(s)); next try in {Next:F0} s")]
    private static partial void LookupFailed(ILogger logger, string uri, string reason, int count, double next);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "DNS lookup of upstream name {Uri} found no address ({Path}); keeping its last good answer ({Count} target(s)); next try in {Next:F0} s")]
    private static partial void LookupEmpty(ILogger logger, string uri, string path, int count, double next);
}
