using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Tests.Reporting;

public sealed class LatencyHistogramUnitTests
{
    [Fact]
    public void Every_value_is_reported_within_one_percent()
    {
        var random = new Random(42);
        for (var i = 0; i < 200_000; i++)
        {
            var value = (long)Math.Pow(10, random.NextDouble() * 15);
            var histogram = new LatencyHistogram();
            histogram.Record(value);
            histogram.Record(0);
            histogram.Record(long.MaxValue / 2);
            var reported = LatencyHistogram.Midpoint(LatencyHistogram.IndexOf(value));
            Assert.InRange(Math.Abs(reported - value), 0, value / 100.0);
            Assert.Equal(reported, histogram.ValueAt(0.5));
        }
    }

    [Fact]
    public void Small_values_are_exact()
    {
        for (long v = 0; v < 256; v++)
        {
            Assert.Equal(v, LatencyHistogram.Midpoint(LatencyHistogram.IndexOf(v)));
        }
    }

    [Fact]
    public void Bucket_indexes_increase_with_the_value_and_stay_in_range()
    {
        var previous = -1;
        for (long v = 0; v < 1_000_000; v += 7)
        {
            var index = LatencyHistogram.IndexOf(v);
            Assert.True(index >= previous, $"index of {v} went down");
            previous = index;
        }

        Assert.True(LatencyHistogram.IndexOf(long.MaxValue) > previous);
    }

    [Fact]
    public void Percentiles_match_nearest_rank_on_sorted_samples()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 100_000).Select(_ => (long)(random.NextDouble() * random.NextDouble() * 50_000_000)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var s in samples)
        {
            histogram.Record(s);
        }

        Array.Sort(samples);
        foreach (var q in new[] { 0.5, 0.9, 0.99, 0.999 })
        {
            var exact = samples[(int)Math.Ceiling(q * samples.Length) - 1];
            Assert.InRange(histogram.ValueAt(q), exact * 0.99, exact * 1.01);
        }

        Assert.Equal(samples[^1], histogram.ValueAt(1.0));
        Assert.Equal(samples[^1], histogram.Max);
        Assert.Equal(samples[0], histogram.Min);
        Assert.Equal(samples.Average(), histogram.Mean, 0.5);
        Assert.Equal(samples.Length, histogram.Count);
    }

    [Fact]
    public void Merge_equals_recording_everything_in_one()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        for (var i = 1; i <= 10_000; i++)
        {
            var target = i % 3 == 0 ? a : b;
            target.Record(i * 1_000L);
            all.Record(i * 1_000L);
        }

        a.Merge(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
        Assert.Equal(all.Mean, a.Mean);
        foreach (var q in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            Assert.Equal(all.ValueAt(q), a.ValueAt(q));
        }
    }

    [Fact]
    public void Concurrent_recording_loses_nothing()
    {
        var histogram = new LatencyHistogram();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                histogram.Record(i);
            }
        });
        Assert.Equal(400_000, histogram.Count);
        Assert.Equal(49_999, histogram.Max);
    }

    [Fact]
    public void Empty_histogram_reports_zeros_and_negative_values_count_as_zero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAt(0.99));
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0), histogram.Summarize());
        histogram.Record(-5);
        Assert.Equal(0, histogram.Max);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAt(1.5));
    }

    [Fact]
    public void Summary_is_in_milliseconds()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(2));
        var summary = histogram.Summarize();
        Assert.Equal(1, summary.Count);
        Assert.Equal(2.0, summary.P50Ms);
        Assert.Equal(2.0, summary.MaxMs);
        Assert.Equal(2.0, summary.MeanMs);
    }
}
