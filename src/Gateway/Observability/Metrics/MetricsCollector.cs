using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// Listens to this host's <c>SyncKairos*</c> meters and keeps running aggregates for the exposition.
/// Meters made by the host's <see cref="IMeterFactory"/> are matched by scope, so two hosts in one test
/// process do not read each other's figures; static meters (the Redis client's) are process-wide.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly object _collectLock = new();

    public MetricsCollector(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var meter = instrument.Meter;
            if (meter.Name.StartsWith("SyncKairos", StringComparison.Ordinal) && (meter.Scope is null || ReferenceEquals(meter.Scope, meterFactory)))
            {
                _instruments.TryAdd(instrument, new InstrumentState(instrument));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out var removed);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments, then snapshots every family, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collectLock)
        {
            _listener.RecordObservableInstruments();
        }

        // One family per name: a meter published twice (e.g. a re-created AuditMetrics) merges its series.
        return _instruments.Values
            .Select(s => s.Snapshot())
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Series = g.SelectMany(f => f.Series).ToList() })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var state))
        {
            state.Record(value, tags);
        }
    }

    public void Dispose() => _listener.Dispose();
}
