using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Tests.Reporting;

public sealed class LatencyUnitTests
{
    [Fact]
    public void PercentilesOfAUniformSpreadAreWithinATenthOfAPercentOfTheRank()
    {
        var histogram = Latency.NewHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.RecordLatency(TimeSpan.FromMilliseconds(ms));
        }

        var summary = histogram.Summarize();

        Assert.Equal(1000, summary.Count);
        Assert.Equal(1.0, summary.MinMs, 0.001);
        Assert.Equal(500.0, summary.P50Ms, 0.5);
        Assert.Equal(900.0, summary.P90Ms, 0.9);
        Assert.Equal(990.0, summary.P99Ms, 0.99);
        Assert.Equal(999.0, summary.P999Ms, 1.0);
        Assert.Equal(1000.0, summary.MaxMs, 1.0);
        Assert.Equal(500.5, summary.MeanMs, 0.5);
    }

    [Fact]
    public void NegativeAndHugeValuesAreClampedNotThrown()
    {
        var histogram = Latency.NewHistogram();

        histogram.RecordLatency(-5);
        histogram.RecordLatency(TimeSpan.FromDays(2));

        var summary = histogram.Summarize();
        Assert.Equal(2, summary.Count);
        Assert.Equal(0, summary.MinMs);
        Assert.InRange(summary.MaxMs, TimeSpan.FromHours(1).TotalMilliseconds * 0.99, TimeSpan.FromHours(1).TotalMilliseconds * 1.01);
    }

    [Fact]
    public void AnEmptyHistogramSummarisesToZeros() =>
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0), Latency.NewHistogram().Summarize());
}
