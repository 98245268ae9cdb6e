namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>Creates the collector before the instruments, so it sees every meter from the first request on.</summary>
internal sealed class MetricsStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<MetricsCollector>();
        services.GetRequiredService<GatewayMetrics>();
        services.GetRequiredService<ProcessMetrics>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
