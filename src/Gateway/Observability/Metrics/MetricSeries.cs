namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// One labelled series of a family at collection time. For histograms <see cref="BucketCounts"/> holds
/// the non-cumulative count per bound of the family plus a last overflow slot (+Inf).
/// </summary>
public sealed record MetricSeries(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    long Count = 0,
    IReadOnlyList<long>? BucketCounts = null);
