namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>JSON twin of one family: series with labels, value, and for histograms count and cumulative buckets.</summary>
public sealed record MetricFamilyDto(string Name, string Type, IReadOnlyList<MetricSeriesDto> Series, IReadOnlyList<double>? Buckets)
{
    public static MetricFamilyDto From(MetricFamily family) => new(
        family.Name,
        family.Kind.ToString().ToLowerInvariant(),
        family.Series.Select(s => new MetricSeriesDto(
            s.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal),
            s.Value,
            family.Kind == MetricKind.Histogram ? s.Count : null,
            s.BucketCounts is null ? null : Cumulative(s.BucketCounts))).ToList(),
        family.BucketBounds);

    private static long[] Cumulative(IReadOnlyList<long> counts)
    {
        var result = new long[counts.Count];
        long sum = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            sum += counts[i];
            result[i] = sum;
        }

        return result;
    }
}
