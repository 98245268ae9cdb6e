using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Aggregates the measurements of one instrument by label set.</summary>
internal sealed class InstrumentState
{
    private const int MaxFastTags = 8;
    private const char KeySeparator = '\u0001';
    private const char PairSeparator = '\u0002';

    private readonly ConcurrentDictionary<string, SeriesState> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SeriesState>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly bool _cumulative;

    public InstrumentState(Instrument instrument)
    {
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
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

        // Every request records several series: find an existing one without allocating (the key is built in
        // a stack buffer and looked up by span); only a new label set pays for the arrays and strings.
        if (TryFind(tags, out var existing))
        {
            return existing;
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
            key.Append(name).Append(KeySeparator).Append(value).Append(PairSeparator);
        }

        return _series.GetOrAdd(key.ToString(), static (_, state) => new SeriesState(state.labels, state.slots), (labels, slots: BucketSlots));
    }

    /// <summary>The series of these tags if it exists; false (caller takes the slow path) for unusual tags.</summary>
    private bool TryFind(ReadOnlySpan<KeyValuePair<string, object?>> tags, out SeriesState series)
    {
        series = null!;
        if (tags.Length > MaxFastTags)
        {
            return false;
        }

        // Key order as in the slow path: insertion sort of at most MaxFastTags indexes.
        Span<int> order = stackalloc int[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            var j = i;
            while (j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        Span<char> key = stackalloc char[256];
        var length = 0;
        foreach (var index in order)
        {
            var (name, value) = tags[index];
            if (!Append(key, ref length, name) || !Append(key, ref length, KeySeparator))
            {
                return false;
            }

            switch (value)
            {
                case string text when Append(key, ref length, text):
                    break;
                case int number when number.TryFormat(key[length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture):
                    length += written;
                    break;
                case long number when number.TryFormat(key[length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture):
                    length += written;
                    break;
                default:
                    return false;
            }

            if (!Append(key, ref length, PairSeparator))
            {
                return false;
            }
        }

        return _seriesBySpan.TryGetValue(key[..length], out series!);
    }

    private static bool Append(Span<char> buffer, ref int length, ReadOnlySpan<char> text)
    {
        if (!text.TryCopyTo(buffer[length..]))
        {
            return false;
        }

        length += text.Length;
        return true;
    }

    private static bool Append(Span<char> buffer, ref int length, char c)
    {
        if (length >= buffer.Length)
        {
            return false;
        }

        buffer[length++] = c;
        return true;
    }

    private int BucketSlots => Bounds is null ? 0 : Bounds.Count + 1;
}
