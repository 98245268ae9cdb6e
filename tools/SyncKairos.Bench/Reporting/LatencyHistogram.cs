using System.Numerics;

namespace SyncKairos.Bench.Reporting;

/// <summary>
/// A log-linear latency histogram in nanoseconds: values below 256 have a bucket each, above that every
/// power of two is split into 128 equal buckets, so a bucket's midpoint is within 1/256 (0.4 %) of any
/// value it holds. Recording is lock-free (many load tasks share one histogram); reading while recording
/// gives an approximate snapshot.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearBits = 8;
    private const int Linear = 1 << LinearBits;
    private const int SubBuckets = Linear / 2;
    private const int BucketCount = Linear + ((64 - LinearBits) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;

    public long Count => Interlocked.Read(ref _count);

    public long Min => Count == 0 ? 0 : Interlocked.Read(ref _min);

    public long Max => Count == 0 ? 0 : Interlocked.Read(ref _max);

    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    /// <summary>Records one value in nanoseconds; negative values count as 0.</summary>
    public void Record(long nanoseconds)
    {
        var value = Math.Max(0, nanoseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        UpdateMin(value);
        UpdateMax(value);
    }

    /// <summary>Records a <see cref="TimeSpan"/> (100 ns resolution).</summary>
    public void Record(TimeSpan elapsed) => Record(elapsed.Ticks * 100);

    /// <summary>Adds every value recorded in <paramref name="other"/>.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < BucketCount; i++)
        {
            var n = Interlocked.Read(ref other._counts[i]);
            if (n != 0)
            {
                Interlocked.Add(ref _counts[i], n);
            }
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        UpdateMin(other.Min);
        UpdateMax(other.Max);
    }

    /// <summary>
    /// The nearest-rank value at <paramref name="quantile"/> (0..1), as the midpoint of its bucket clamped to the
    /// recorded min/max; the last rank is exactly the maximum.
    /// </summary>
    public long ValueAt(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1.0);
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        if (rank >= count)
        {
            return Max;
        }

        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Clamp(Midpoint(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>The summary in milliseconds used by reports.</summary>
    public LatencySummary Summarize() => new(
        Count,
        ToMs(Min),
        ToMs(ValueAt(0.50)),
        ToMs(ValueAt(0.90)),
        ToMs(ValueAt(0.99)),
        ToMs(ValueAt(0.999)),
        ToMs(Max),
        Mean / 1_000_000.0);

    internal static int IndexOf(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - (LinearBits - 1);
        var sub = (int)(value >> shift) - SubBuckets;
        return Linear + ((shift - 1) * SubBuckets) + sub;
    }

    internal static long Midpoint(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = ((index - Linear) / SubBuckets) + 1;
        var sub = ((index - Linear) % SubBuckets) + SubBuckets;
        var low = (long)sub << shift;
        return low + ((1L << shift) / 2);
    }

    private static double ToMs(long nanoseconds) => nanoseconds / 1_000_000.0;

    private void UpdateMin(long value)
    {
        var current = Interlocked.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void UpdateMax(long value)
    {
        var current = Interlocked.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
