using System.Text;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary><c>GET /metrics</c> (Prometheus text 0.0.4) and <c>GET /metrics.json</c> (the same families as JSON, for the dashboard).</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (MetricsCollector collector, IMetricsWriter writer) =>
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            writer.Write(collector.Collect(), text);
            return Results.Text(text.ToString(), writer.ContentType, Encoding.UTF8);
        }).Produces<string>(StatusCodes.Status200OK, "text/plain").WithSummary("Prometheus text format 0.0.4")
            .AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        // The dashboard polls it every second: public like /metrics, but in the general budget.
        app.MapGet("/metrics.json", (MetricsCollector collector) => Results.Json(collector.Collect().Select(MetricFamilyDto.From).ToList()))
            .ExcludeFromDescription().AllowAnonymous().DisableHttpMetrics();
        return app;
    }
}
