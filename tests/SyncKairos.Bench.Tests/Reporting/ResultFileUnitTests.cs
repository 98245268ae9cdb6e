using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Tests.Reporting;

public sealed class ResultFileUnitTests
{
    [Fact]
    public void A_result_survives_the_round_trip_in_snake_case()
    {
        var result = Sample(1000, 1.5);
        var json = ResultFile.Serialize(result);
        Assert.Contains("\"p99_ms\"", json, StringComparison.Ordinal);
        Assert.Contains("\"load_average1m\"", json, StringComparison.Ordinal);
        var back = ResultFile.Deserialize(json);
        Assert.Equal(result.Scenario, back.Scenario);
        Assert.Equal(result.StartedAt, back.StartedAt);
        Assert.Equal(result.Figures, back.Figures);
        Assert.Equal(result.Errors, back.Errors);
        Assert.Equal(result.Parameters, back.Parameters);
        Assert.Equal(result.Latencies["switch"], back.Latencies["switch"]);
        Assert.Equal(result.Machine, back.Machine);
    }

    [Fact]
    public void Comparison_lines_up_figures_latencies_and_errors_with_ratios()
    {
        var current = Sample(2000, 1.0);
        var other = Sample(1000, 2.0);
        other.Errors.Clear();
        other.Figures["only_other"] = 3;
        var rows = ResultComparison.Compare(current, other).ToDictionary(r => r.Name);
        Assert.Equal(2.0, rows["throughput_per_s"].Ratio);
        Assert.Equal(0.5, rows["switch.p99_ms"].Ratio);
        Assert.Equal(7, rows["errors.HTTP_503"].This);
        Assert.Null(rows["errors.HTTP_503"].Other);
        Assert.Null(rows["errors.HTTP_503"].Ratio);
        Assert.Null(rows["only_other"].This);
        Assert.Equal(rows.Keys.Order(StringComparer.Ordinal), ResultComparison.Compare(current, other).Select(r => r.Name));
    }

    private static BenchResult Sample(double throughput, double p99)
    {
        var result = new BenchResult { Scenario = "switch", StartedAt = new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero) };
        result.Parameters["concurrency"] = "32";
        result.Figures["throughput_per_s"] = throughput;
        result.Latencies["switch"] = new LatencySummary(10, 0.1, 0.5, 0.8, p99, p99 * 2, p99 * 3, 0.6);
        result.Errors["HTTP_503"] = 7;
        return result;
    }
}
