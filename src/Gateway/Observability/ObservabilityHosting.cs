using Orleans.Hosting;
using SyncKairos.Gateway.Observability.ApiDocs;
using SyncKairos.Gateway.Observability.Cluster;
using SyncKairos.Gateway.Observability.Dashboard;
using SyncKairos.Gateway.Observability.Logging;
using SyncKairos.Gateway.Observability.Metrics;

namespace SyncKairos.Gateway.Observability;

/// <summary>Metrics, logs, API docs, cluster figures and the dashboard: registration and endpoints (issue 7).</summary>
public static class ObservabilityHosting
{
    public static WebApplicationBuilder AddSyncKairosObservability(this WebApplicationBuilder builder)
    {
        LoggingDefaults.Apply(builder.Configuration);
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<MetricsCollector>();
        services.AddSingleton<IMetricsWriter, PrometheusTextWriter>();
        services.AddHostedService<MetricsStartup>();
        services.AddApiDocs();
        services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InstanceFigures>();
        services.AddGrainService<InstanceFiguresService>();
        services.AddSingleton<InstanceFiguresClient>();
        return builder;
    }

    /// <summary>First in the pipeline, so the request figures see the final status code of every request.</summary>
    public static WebApplication UseSyncKairosObservability(this WebApplication app)
    {
        app.UseMiddleware<RequestMetricsMiddleware>();
        return app;
    }

    public static WebApplication MapSyncKairosObservability(this WebApplication app)
    {
        app.MapMetricsApi();
        app.MapApiDocs();
        app.MapClusterApi();
        app.MapDashboard();
        return app;
    }
}
