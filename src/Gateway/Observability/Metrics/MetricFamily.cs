namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>A named metric with its series, as collected; the input of an exposition writer.</summary>
public sealed record MetricFamily(
    string Name,
    string Help,
    MetricKind Kind,
    IReadOnlyList<MetricSeries> Series,
    IReadOnlyList<double>? BucketBounds = null);
