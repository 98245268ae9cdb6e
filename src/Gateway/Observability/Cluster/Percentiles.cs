using SyncKairos.Gateway.Observability.Metrics;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>Quantiles from histogram bucket counts (upper bound of the bucket holding the rank).</summary>
public static class Percentiles
{
    /// <summary>Non-cumulative counts per bound plus +Inf; null when there are no observations.</summary>
    public static double? FromBuckets(IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i < bounds.Count ? bounds[i] : double.PositiveInfinity;
            }
        }

        return double.PositiveInfinity;
    }

    /// <summary>Bucket counts of <paramref name="name"/> (all series summed) in the collected families.</summary>
    public static long[]? Buckets(IReadOnlyList<MetricFamily> families, string name)
    {
        var family = families.FirstOrDefault(f => f.Name == name);
        if (family?.BucketBounds is null)
        {
            return null;
        }

        var sum = new long[family.BucketBounds.Count + 1];
        foreach (var series in family.Series)
        {
            for (var i = 0; i < sum.Length && i < (series.BucketCounts?.Count ?? 0); i++)
            {
                sum[i] += series.BucketCounts![i];
            }
        }

        return sum;
    }
}
