using System.Diagnostics.Metrics;

namespace SipGuard.Tests.Telemetry;

/// <summary>
/// Listens to the instruments of meters made by one <see cref="IMeterFactory"/> (so tests running in parallel
/// never see each other's measurements) and keeps every measurement with its tags as text.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = [];

    public MetricRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    /// <summary>Collects every observable instrument once.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public IReadOnlyList<(string Instrument, double Value, Dictionary<string, string?> Tags)> Measurements
    {
        get
        {
            lock (_measurements)
            {
                return _measurements.ToArray();
            }
        }
    }

    public double Sum(string instrument, string tag, string value) =>
        Measurements.Where(m => m.Instrument == instrument && m.Tags.GetValueOrDefault(tag) == value).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
