using System.Net.WebSockets;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// On shutdown, closes every WebSocket with 1001 as soon as the host starts stopping, so the server's
/// graceful drain (which waits for in-flight requests, WebSockets included) ends promptly.
/// </summary>
internal sealed class WebSocketShutdown(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(
            () => Hub()?.CloseAll(WebSocketCloseStatus.EndpointUnavailable, CloseReasons.ShuttingDown));
        return Task.CompletedTask;
    }

    // Resolved late: the hub needs the session store, which exists only after Redis connected.
    private FanOutHub? Hub()
    {
        try
        {
            return services.GetRequiredService<FanOutHub>();
        }
        catch (Errors.StoreUnavailableException)
        {
            return null;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _registration.DisposeAsync();
}
