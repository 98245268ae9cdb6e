using System.Diagnostics.Metrics;
using SyncKairos.Gateway.Observability.Metrics;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>Series keys: one series per label set whatever the tag order, value type or key length.</summary>
public sealed class InstrumentStateUnitTests
{
    [Fact]
    public void Tags_in_any_order_and_of_any_type_add_up_in_one_series_each()
    {
        using var meter = new Meter("test.instrument-state");
        var state = new InstrumentState(meter.CreateCounter<long>("requests"));
        var longValue = new string('v', 600);

        for (var i = 0; i < 3; i++)
        {
            state.Record(1, [new("route", "/a"), new("status", 200)]);
            state.Record(1, [new("status", 200), new("route", "/a")]);
            state.Record(1, [new("big", longValue), new("ratio", 0.5), new("flag", true)]);
            state.Record(1, [new("id", 12_345_678_901L), new("none", null)]);
        }

        var series = state.Snapshot().Series;
        Assert.Equal(3, series.Count);
        Assert.Equal(6, Find(series, "route").Value);
        Assert.Equal([new("route", "/a"), new("status", "200")], Find(series, "route").Labels);
        Assert.Equal(3, Find(series, "big").Value);
        Assert.Equal([new("big", longValue), new("flag", "True"), new("ratio", "0.5")], Find(series, "big").Labels);
        Assert.Equal([new("id", "12345678901"), new("none", "")], Find(series, "id").Labels);
    }

    private static MetricSeries Find(IReadOnlyList<MetricSeries> series, string firstLabel) =>
        series.Single(s => s.Labels[0].Key == firstLabel);
}
