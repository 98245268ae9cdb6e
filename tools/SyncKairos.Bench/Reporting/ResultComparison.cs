namespace SyncKairos.Bench.Reporting;

/// <summary>Lines two results up figure by figure (latencies as name.p50 ... name.max, errors as errors.code).</summary>
public static class ResultComparison
{
    public static IReadOnlyList<ComparisonRow> Compare(BenchResult current, BenchResult other)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(other);
        var a = Flatten(current);
        var b = Flatten(other);
        var names = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal);
        return [.. names.Select(n => new ComparisonRow(n, a.TryGetValue(n, out var x) ? x : null, b.TryGetValue(n, out var y) ? y : null))];
    }

    public static SortedDictionary<string, double> Flatten(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new SortedDictionary<string, double>(result.Figures, StringComparer.Ordinal);
        foreach (var (name, s) in result.Latencies)
        {
            rows[$"{name}.count"] = s.Count;
            rows[$"{name}.p50_ms"] = s.P50Ms;
            rows[$"{name}.p90_ms"] = s.P90Ms;
            rows[$"{name}.p99_ms"] = s.P99Ms;
            rows[$"{name}.p99.9_ms"] = s.P999Ms;
            rows[$"{name}.max_ms"] = s.MaxMs;
        }

        foreach (var (code, count) in result.Errors)
        {
            rows[$"errors.{code}"] = count;
        }

        return rows;
    }
}
