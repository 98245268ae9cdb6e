using HdrHistogram;

namespace SyncKairos.Bench.Reporting;

/// <summary>
/// Latencies in nanoseconds, recorded into HdrHistogram (1 ns to 1 h, 3 significant digits) and summarised in
/// milliseconds for the reports.
/// </summary>
public static class Latency
{
    private static readonly long Highest = TimeSpan.FromHours(1).Ticks * 100;

    /// <summary>A histogram that many load tasks record into at once.</summary>
    public static LongConcurrentHistogram NewHistogram() => new(1, Highest, 3);

    /// <summary>Records one value in nanoseconds: a negative one as 0 (a clock step), one over an hour as an hour.</summary>
    public static void RecordLatency(this HistogramBase histogram, long nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.RecordValue(Math.Clamp(nanoseconds, 0, Highest));
    }

    /// <summary>Records a <see cref="TimeSpan"/> (100 ns resolution).</summary>
    public static void RecordLatency(this HistogramBase histogram, TimeSpan elapsed) => histogram.RecordLatency(elapsed.Ticks * 100);

    /// <summary>The percentiles the bench prints and writes (min is the 0th: the lowest value's bucket).</summary>
    public static LatencySummary Summarize(this HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
        }

        return new LatencySummary(
            histogram.TotalCount,
            ToMs(histogram.GetValueAtPercentile(0)),
            ToMs(histogram.GetValueAtPercentile(50)),
            ToMs(histogram.GetValueAtPercentile(90)),
            ToMs(histogram.GetValueAtPercentile(99)),
            ToMs(histogram.GetValueAtPercentile(99.9)),
            ToMs(histogram.GetMaxValue()),
            histogram.GetMean() / 1_000_000.0);
    }

    private static double ToMs(long nanoseconds) => nanoseconds / 1_000_000.0;
}
