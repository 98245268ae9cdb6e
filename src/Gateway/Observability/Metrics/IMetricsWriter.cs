namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// The exposition seam: turns collected families into a wire format. Ours writes Prometheus text 0.0.4;
/// a real exporter can replace collector and writer the day one restores (ADR 0012).
/// </summary>
public interface IMetricsWriter
{
    string ContentType { get; }

    void Write(IReadOnlyList<MetricFamily> families, TextWriter output);
}
