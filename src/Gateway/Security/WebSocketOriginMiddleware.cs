using Microsoft.Extensions.Options;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Browsers send <c>Origin</c> on WebSocket upgrades and do not apply CORS to them: without this check any
/// site could open a socket with the user's ambient credentials. Clients that send no Origin (servers, SDKs)
/// are not affected. Matched on the path: this runs before UseWebSockets marks upgrade requests.
/// </summary>
public sealed class WebSocketOriginMiddleware(RequestDelegate next, IOptions<CorsSettings> settings)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cors = settings.Value;
        var origin = context.Request.Headers.Origin.ToString();
        if (cors.AllowedOrigins.Count > 0
            && context.Request.Path.Equals("/ws", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(origin)
            && !cors.IsAllowed(origin))
        {
            await SecurityErrors.Forbidden(SecurityErrors.OriginNotAllowed).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
