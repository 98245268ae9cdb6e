using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Aggregates the measurements of one instrument by label set.</summary>
internal sealed class InstrumentState
{
    private const int MaxStackTags = 16;
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

        // Every request records several series: the key is built in a stack buffer and looked up by span, so
        // finding an existing series allocates nothing; only a new label set pays for the arrays and strings.
        Span<int> order = tags.Length <= MaxStackTags ? stackalloc int[tags.Length] : new int[tags.Length];
        SortByName(tags, order);
        Span<char> key = stackalloc char[256];
        char[]? rented = null;
        try
        {
            int length;
            while (!TryWriteKey(tags, order, key, out length))
            {
                var bigger = ArrayPool<char>.Shared.Rent(key.Length * 2);
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }

                key = rented = bigger;
            }

            if (_seriesBySpan.TryGetValue(key[..length], out var existing))
            {
                return existing;
            }

            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < order.Length; i++)
            {
                var (name, value) = tags[order[i]];
                labels[i] = new(name, Text(value));
            }

            return _series.GetOrAdd(new string(key[..length]), static (_, state) => new SeriesState(state.labels, state.slots), (labels, slots: BucketSlots));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tag indexes in ordinal order of the tag names (insertion sort: a handful of tags, stable).</summary>
    private static void SortByName(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<int> order)
    {
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
    }

    /// <summary>The series key (name, separator, value, separator per tag, in name order); false when it does not fit.</summary>
    private static bool TryWriteKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<int> order, Span<char> key, out int length)
    {
        length = 0;
        foreach (var index in order)
        {
            var (name, value) = tags[index];
            if (!Append(key, ref length, name) || !Append(key, ref length, KeySeparator))
            {
                return false;
            }

            // Integers are formatted in place (the common case that must not allocate); anything else as its label text.
            switch (value)
            {
                case int number when number.TryFormat(key[length..], out var written, default, CultureInfo.InvariantCulture):
                    length += written;
                    break;
                case long number when number.TryFormat(key[length..], out var written, default, CultureInfo.InvariantCulture):
                    length += written;
                    break;
                case int or long:
                    return false;
                default:
                    if (!Append(key, ref length, Text(value)))
                    {
                        return false;
                    }

                    break;
            }

            if (!Append(key, ref length, PairSeparator))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A tag value as a label: strings as they are, anything else in the invariant culture.</summary>
    private static string Text(object? value) =>
        value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

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
