using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace SipGuard.OperatorConsole;

/// <summary>
/// What the console's live panel shows: screened calls by trunk and decision, interceptions by rule, and overload
/// rejections by reason (receive backlog among them), counted from the proxy's own instruments by a
/// <see cref="MeterListener"/>. The call path pays one tag scan and one interlocked add per INVITE; every
/// <see cref="SampleEvery"/> the totals are copied into a ring of samples covering <see cref="Window"/>.
/// With <c>admin: off</c> there is no console to show them, so nothing listens and the call path pays nothing.
/// </summary>
internal sealed class LiveCounters : IHostedService, IDisposable
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const string ProxyMeter = "SipGuard.Proxy";

    private readonly TimeProvider _time;
    private readonly bool _consoleServed;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Trunk, string Decision), StrongBox> _calls = new();
    private readonly ConcurrentDictionary<string, StrongBox> _interceptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _overloads = new(StringComparer.Ordinal);
    private readonly Lock _samplesLock = new();
    private readonly Queue<LiveSample> _samples = new();
    private ITimer? _timer;

    public LiveCounters(TimeProvider time, Admin.AdminEndpoint admin)
    {
        _time = time;
        _consoleServed = admin.Listen is not null;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProxyMeter && instrument.Name is "sipguard.calls" or "sipguard.overload_rejections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_consoleServed)
        {
            return Task.CompletedTask;
        }

        _listener.Start();
        Sample();
        _timer = _time.CreateTimer(_ => Sample(), null, SampleEvery, SampleEvery);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _listener.Dispose();
    }

    /// <summary>Totals now, keyed <c>trunk/decision</c>.</summary>
    public IReadOnlyDictionary<string, long> Calls() => _calls.ToDictionary(kv => $"{kv.Key.Trunk}/{kv.Key.Decision}", kv => kv.Value.Read(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Interceptions() => _interceptions.ToDictionary(kv => kv.Key, kv => kv.Value.Read(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Overloads() => _overloads.ToDictionary(kv => kv.Key, kv => kv.Value.Read(), StringComparer.Ordinal);

    /// <summary>The samples of the last <see cref="Window"/>, oldest first, followed by the totals of this moment.</summary>
    public IReadOnlyList<LiveSample> Samples()
    {
        lock (_samplesLock)
        {
            return [.. _samples, new LiveSample(_time.GetUtcNow(), Calls())];
        }
    }

    private void Sample()
    {
        var sample = new LiveSample(_time.GetUtcNow(), Calls());
        lock (_samplesLock)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > 0 && sample.At - _samples.Peek().At > Window)
            {
                _samples.Dequeue();
            }
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == "sipguard.overload_rejections")
        {
            Add(_overloads, Tag(tags, "reason") ?? "?", value);
            return;
        }

        var trunk = Tag(tags, "trunk") ?? "none";
        var decision = Tag(tags, "decision") ?? "?";
        _calls.GetOrAdd((trunk, decision), static _ => new StrongBox()).Add(value);
        if (decision != "allow")
        {
            Add(_interceptions, Tag(tags, "reason") ?? "?", value);
        }
    }

    private static void Add(ConcurrentDictionary<string, StrongBox> totals, string key, long value) =>
        totals.GetOrAdd(key, static _ => new StrongBox()).Add(value);

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    /// <summary>One running total shared by the receive threads.</summary>
    private sealed class StrongBox
    {
        private long _value;

        public void Add(long value) => Interlocked.Add(ref _value, value);

        public long Read() => Interlocked.Read(ref _value);
    }
}
