using SyncKairos.Gateway.Routing;
using SyncKairos.Gateway.Security;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>Maps <c>/ws?sessionId=</c>.</summary>
public static class WebSocketApi
{
    public static IEndpointRouteBuilder MapWebSocketApi(this IEndpointRouteBuilder app)
    {
        // A socket's whole life would be one request in the figures; the WebSocket gauges count it instead.
        app.Map("/ws", (HttpContext context, WatcherEndpoint endpoint) => endpoint.HandleAsync(context))
            .WithMetadata(new SessionRouteAttribute(SessionOperation.Read) { SessionIdQuery = "sessionId" })
            .DisableHttpMetrics();
        return app;
    }
}
