namespace SyncKairos.Bench.RedisClient;

/// <summary>Percentiles of a set of samples in microseconds (nearest-rank on the sorted samples).</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Mean)
{
    public static LatencySummary Of(double[] samples)
    {
        Array.Sort(samples);
        return new LatencySummary(Rank(samples, 0.50), Rank(samples, 0.90), Rank(samples, 0.99), Rank(samples, 0.999), samples.Average());
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
