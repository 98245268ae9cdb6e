using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// Hosts the engine's <see cref="ExpirySweeper"/>. The sweeper needs the session store, which needs a Redis
/// connection, which exists only once the store connections have started: so it is created here, at start.
/// </summary>
internal sealed class ExpiryService(IServiceProvider services) : IHostedService
{
    private ExpirySweeper? _sweeper;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweeper = ActivatorUtilities.CreateInstance<ExpirySweeper>(services);
        if (services.GetService<Observability.Metrics.GatewayMetrics>() is { } metrics)
        {
            _sweeper.Expired += (_, lagMs) => metrics.RecordExpiry(lagMs);
        }

        return _sweeper.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _sweeper?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
