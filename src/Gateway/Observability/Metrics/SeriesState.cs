namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>The running aggregate of one labelled series: a sum, a last value, or histogram buckets.</summary>
internal sealed class SeriesState(KeyValuePair<string, string>[] labels, int bucketSlots)
{
    private readonly long[] _buckets = new long[bucketSlots];
    private double _value;
    private long _count;

    public KeyValuePair<string, string>[] Labels { get; } = labels;

    public void Add(double value)
    {
        lock (this)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (this)
        {
            _value = value;
        }
    }

    public void Observe(int bucket, double value)
    {
        lock (this)
        {
            _buckets[bucket]++;
            _count++;
            _value += value;
        }
    }

    public MetricSeries Snapshot(bool histogram)
    {
        lock (this)
        {
            return new MetricSeries(Labels, _value, _count, histogram ? (long[])_buckets.Clone() : null);
        }
    }
}
