namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>One series in <c>/metrics.json</c>; <see cref="Buckets"/> are cumulative, the last one +Inf.</summary>
public sealed record MetricSeriesDto(IReadOnlyDictionary<string, string> Labels, double Value, long? Count, IReadOnlyList<long>? Buckets);
