namespace SyncKairos.Gateway.WebSockets;

/// <summary>Maps <c>/ws?sessionId=</c>.</summary>
public static class WebSocketApi
{
    public static IEndpointRouteBuilder MapWebSocketApi(this IEndpointRouteBuilder app)
    {
        app.Map("/ws", (HttpContext context, WatcherEndpoint endpoint) => endpoint.HandleAsync(context));
        return app;
    }
}
