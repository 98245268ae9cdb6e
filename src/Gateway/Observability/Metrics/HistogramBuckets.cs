namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Bucket upper bounds in milliseconds: fine below 1 ms (Redis, switches), coarse up to 10 s.</summary>
public static class HistogramBuckets
{
    public static IReadOnlyList<double> Milliseconds { get; } =
        [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>Index of the first bound the value fits under; <c>bounds.Count</c> means +Inf.</summary>
    public static int IndexOf(IReadOnlyList<double> bounds, double value)
    {
        int lo = 0, hi = bounds.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value <= bounds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
