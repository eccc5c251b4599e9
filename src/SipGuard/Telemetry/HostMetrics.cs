using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using SipGuard.Admin;
using SipGuard.Hosting;
using SipGuard.Policy;
using SipGuard.Reload;

namespace SipGuard.Telemetry;

/// <summary>
/// The host's instruments (meter <c>SipGuard.Host</c>): config reloads by result, list sizes and ages, upstream state
/// and the transports' running totals. Everything but the reload counter is observed at collection time
/// from state that already exists, so none of it touches the call path.
/// </summary>
internal sealed class HostMetrics : IHostedService, IDisposable
{
    public const string MeterName = "SipGuard.Host";

    private static readonly KeyValuePair<string, object?> Applied = new("result", "applied");
    private static readonly KeyValuePair<string, object?> Rejected = new("result", "rejected");

    private readonly ConfigWatcher<RuntimeSnapshot> _watcher;
    private readonly Meter _meter;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _suspectEdits;

    public HostMetrics(
        IMeterFactory meters,
        ConfigWatcher<RuntimeSnapshot> watcher,
        ConfigStore<RuntimeSnapshot> store,
        ProxyStatus proxy,
        IUpstreamStatusSource upstreams,
        TimeProvider? time = null)
    {
        var clock = time ?? TimeProvider.System;
        _watcher = watcher;
        _meter = meters.Create(MeterName);
        _reloads = _meter.CreateCounter<long>("sipguard.config.reloads", "{reload}", "Config reload attempts, by result (applied or rejected).");
        _suspectEdits = _meter.CreateCounter<long>("sipguard.list.suspect_edits", "{edit}", "List files refused on reload for emptying or shrinking a list too far, by list.");
        _meter.CreateObservableGauge("sipguard.config.generation", () => store.HasValue ? store.Current.Generation : 0, "{generation}", "Generation of the running config.");
        _meter.CreateObservableGauge("sipguard.list.entries", () => ListEntries(store), "{entry}", "Entries loaded per number list, by list.");
        _meter.CreateObservableGauge("sipguard.list.age", () => ListAges(store, clock), "s", "Seconds since each loaded list's file was last written, by list (a feed that stopped shows here).");
        _meter.CreateObservableGauge("sipguard.upstream.up", () => UpstreamUp(upstreams), "{upstream}", "1 when the upstream is reachable, 0 when not, by upstream.");
        _meter.CreateObservableCounter("sipguard.transport.events", () => TransportEvents(proxy), "{event}", "Transport totals since start, by event.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher.Reloaded += OnReloaded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher.Reloaded -= OnReloaded;
        return Task.CompletedTask;
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>Counts one reload attempt (the watcher's <c>Reloaded</c> event).</summary>
    public void OnReloaded(ReloadOutcome outcome)
    {
        _reloads.Add(1, outcome.Applied ? Applied : Rejected);
        foreach (var error in outcome.Errors)
        {
            if (error.Message.StartsWith(ListShrinkGuard.SuspectEdit, StringComparison.Ordinal))
            {
                _suspectEdits.Add(1, new KeyValuePair<string, object?>("list", ListId(error.ConfigPath)));
            }
        }
    }

    /// <summary><c>lists.&lt;id&gt;.file</c> → the id (a low-cardinality tag: list ids are the operator's few names).</summary>
    private static string ListId(string path) => path["lists.".Length..path.LastIndexOf('.')];

    private static IEnumerable<Measurement<int>> ListEntries(ConfigStore<RuntimeSnapshot> store)
    {
        if (!store.HasValue)
        {
            yield break;
        }

        foreach (var (list, entries) in store.Current.Snapshot.Proxy.Policy.ListEntries)
        {
            yield return new Measurement<int>(entries, new KeyValuePair<string, object?>("list", list));
        }
    }

    private static IEnumerable<Measurement<double>> ListAges(ConfigStore<RuntimeSnapshot> store, TimeProvider time)
    {
        if (!store.HasValue)
        {
            yield break;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (list, path) in RuntimeListEntries.Files(store.Current.Snapshot.Proxy.Policy))
        {
            var written = File.GetLastWriteTimeUtc(path);
            yield return new Measurement<double>(Math.Max(0, (now - written).TotalSeconds), new KeyValuePair<string, object?>("list", list));
        }
    }

    private static IEnumerable<Measurement<int>> UpstreamUp(IUpstreamStatusSource upstreams)
    {
        foreach (var upstream in upstreams.Current())
        {
            yield return new Measurement<int>(upstream.Reachable ? 1 : 0, new KeyValuePair<string, object?>("upstream", upstream.Id));
        }
    }

    private static IEnumerable<Measurement<long>> TransportEvents(ProxyStatus proxy)
    {
        if (proxy.Transports?.Counters is not { } c)
        {
            yield break;
        }

        yield return Event(c.PacketsReceived, "packet_received");
        yield return Event(c.OversizeDropped, "oversize_dropped");
        yield return Event(c.HandlerErrors, "handler_error");
        yield return Event(c.ConnectionsRefused, "connection_refused");
        yield return Event(c.FramingErrors, "framing_error");
        yield return Event(c.IdleClosed, "idle_closed");
        yield return Event(c.SourceCapRefused, "source_cap_refused");
        yield return Event(c.MessageTimeouts, "message_timeout");
    }

    private static Measurement<long> Event(long value, string name) => new(value, new KeyValuePair<string, object?>("event", name));
}
