using SyncKairos.Gateway.Observability.Metrics;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>The exposition writer against the strict parser, and the parser against broken input.</summary>
public sealed class PrometheusTextWriterUnitTests
{
    private static string Write(params MetricFamily[] families)
    {
        using var text = new StringWriter();
        new PrometheusTextWriter().Write(families, text);
        return text.ToString();
    }

    [Fact]
    public void LabelValuesAndHelpAreEscapedAndRoundTrip()
    {
        var nasty = "a\\b \"quoted\"\nline";
        var text = Write(new MetricFamily("x_total", "help with \\ and\nnewline", MetricKind.Counter,
            [new MetricSeries([new("route", nasty)], 3)]));

        Assert.Contains("route=\"a\\\\b \\\"quoted\\\"\\nline\"", text, StringComparison.Ordinal);
        var family = PrometheusTextParser.Parse(text)["x_total"];
        Assert.Equal("help with \\ and\nnewline", family.Help);
        Assert.Equal(nasty, family.Samples.Single().Labels["route"]);
        Assert.Equal(3, family.Samples.Single().Value);
    }

    [Fact]
    public void HistogramBucketsAreCumulativeAndEndInInfEqualToCount()
    {
        var bounds = new[] { 0.5, 1, 5 };
        var text = Write(new MetricFamily("lat_ms", "latency", MetricKind.Histogram,
            [new MetricSeries([new("method", "POST")], 7.25, 4, [1, 2, 0, 1])], bounds));

        var family = PrometheusTextParser.Parse(text)["lat_ms"];
        var buckets = family.Samples.Where(s => s.Name == "lat_ms_bucket").Select(s => (s.Labels["le"], s.Value)).ToList();
        Assert.Equal([("0.5", 1d), ("1", 3d), ("5", 3d), ("+Inf", 4d)], buckets);
        Assert.Equal(4, family.Total());
        Assert.Equal(7.25, family.Samples.Single(s => s.Name == "lat_ms_sum").Value);
    }

    [Fact]
    public void BucketIndexPutsBoundaryValuesInTheirOwnBucket()
    {
        var bounds = HistogramBuckets.Milliseconds;
        Assert.Equal(0, HistogramBuckets.IndexOf(bounds, 0));
        Assert.Equal(1, HistogramBuckets.IndexOf(bounds, 0.1));
        Assert.Equal(bounds.Count, HistogramBuckets.IndexOf(bounds, 1e9));
    }

    [Theory]
    [InlineData("x 1")] // no TYPE
    [InlineData("# TYPE x counter\nx{a=\"b\\q\"} 1")] // bad escape
    [InlineData("# TYPE x counter\nx{a=\"b\"} 1\nx{a=\"b\"} 2")] // duplicate series
    [InlineData("# TYPE x counter\n# TYPE y gauge\ny 1\nx 1\ny 2")] // y not contiguous
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1")] // not cumulative
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 2")] // +Inf != count
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1")] // no +Inf
    [InlineData("# TYPE x counter\nx one")] // bad value
    [InlineData("# TYPE 1x counter\n1x 1")] // bad name
    public void ParserRejectsMalformedExpositions(string text) =>
        Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text + "\n"));
}
