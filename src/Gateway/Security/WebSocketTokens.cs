using Microsoft.Extensions.Primitives;

namespace SyncKairos.Gateway.Security;

/// <summary>
/// Browsers cannot set headers on a WebSocket upgrade, so the token may come as the <c>access_token</c>
/// query parameter or as subprotocols <c>access_token, &lt;jwt&gt;</c>; in the latter case the server must
/// select <c>access_token</c>, or browsers drop the connection.
/// </summary>
public static class WebSocketTokens
{
    public const string SubProtocol = "access_token";

    /// <summary>HttpContext.Items key of the subprotocol the WebSocket endpoint must select.</summary>
    public const string SelectedSubProtocolItem = "SyncKairos.WebSocketSubProtocol";

    public static string? Find(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.Equals("/ws", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var protocols = context.Request.Headers.SecWebSocketProtocol
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
        var marker = Array.IndexOf(protocols, SubProtocol);
        if (marker >= 0)
        {
            context.Items[SelectedSubProtocolItem] = SubProtocol;
            var token = protocols.Where((_, i) => i != marker).FirstOrDefault();
            if (!string.IsNullOrEmpty(token))
            {
                return token;
            }
        }

        var query = context.Request.Query[SubProtocol];
        return StringValues.IsNullOrEmpty(query) ? null : query.ToString();
    }
}
