using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Aggregates the measurements of one instrument by label set.</summary>
internal sealed class InstrumentState
{
    private readonly ConcurrentDictionary<string, SeriesState> _series = new(StringComparer.Ordinal);
    private readonly bool _cumulative;

    public InstrumentState(Instrument instrument)
    {
        Name = instrument.Name;
        Help = instrument.Description ?? instrument.Name;
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (generic == typeof(Histogram<>))
        {
            Kind = MetricKind.Histogram;
            Bounds = HistogramBuckets.Milliseconds;
        }
        else if (generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>))
        {
            Kind = MetricKind.Counter;
        }
        else
        {
            Kind = MetricKind.Gauge;
        }

        // Observable instruments report totals or current values; only Counter/UpDownCounter report increments.
        _cumulative = generic == typeof(Counter<>) || generic == typeof(UpDownCounter<>);
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public IReadOnlyList<double>? Bounds { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = SeriesFor(tags);
        if (Kind == MetricKind.Histogram)
        {
            series.Observe(HistogramBuckets.IndexOf(Bounds!, value), value);
        }
        else if (_cumulative)
        {
            series.Add(value);
        }
        else
        {
            series.Set(value);
        }
    }

    public MetricFamily Snapshot()
    {
        var histogram = Kind == MetricKind.Histogram;
        var series = _series.Values.Select(s => s.Snapshot(histogram)).ToList();
        return new MetricFamily(Name, Help, Kind, series, Bounds);
    }

    private SeriesState SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return _series.GetOrAdd(string.Empty, static (_, slots) => new SeriesState([], slots), BucketSlots);
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            key.Append(name).Append('\u0001').Append(value).Append('\u0002');
        }

        return _series.GetOrAdd(key.ToString(), static (_, state) => new SeriesState(state.labels, state.slots), (labels, slots: BucketSlots));
    }

    private int BucketSlots => Bounds is null ? 0 : Bounds.Count + 1;
}
