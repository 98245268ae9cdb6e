using System.Globalization;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Holds a slot of <see cref="WebSocketConnectionLimiter"/> for as long as a <c>/ws</c> request runs (for a
/// WebSocket that is the socket's whole life) and refuses the upgrade with 429 when the client IP has all
/// its slots taken. Matched on the path: this runs before UseWebSockets marks upgrade requests, and a
/// plain request to /ws is answered at once, so counting it too costs nothing.
/// </summary>
public sealed class WebSocketConnectionLimitMiddleware(
    RequestDelegate next,
    WebSocketConnectionLimiter limiter,
    SharedRateLimiter shared,
    ClientIdentity identity)
{
    /// <summary>A slot frees only when one of the client's sockets closes; there is no better estimate.</summary>
    public const int RetryAfterSeconds = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!shared.Settings.Enabled || !context.Request.Path.Equals("/ws", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var client = identity.ClientAddress(context.Connection.RemoteIpAddress, context.Request.Headers["X-Forwarded-For"]);
        using var lease = limiter.TryAcquire(client);
        if (lease is null)
        {
            context.Response.Headers[RateLimitHeaders.RetryAfter] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ApiErrors.Error(
                    StatusCodes.Status429TooManyRequests,
                    ErrorCodes.RATE_LIMIT_EXCEEDED,
                    FormattableString.Invariant($"Too many WebSocket connections from this address (at most {limiter.Limit})"),
                    new RetryAfterDetails(RetryAfterSeconds))
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
