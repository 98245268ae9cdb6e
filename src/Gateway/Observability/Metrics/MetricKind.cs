namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>The exposition types the collector produces (Prometheus <c># TYPE</c>).</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
