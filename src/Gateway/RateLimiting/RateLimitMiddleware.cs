using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Applies the shared general limit to HTTP and WebSocket requests (gRPC calls are limited by
/// <see cref="GrpcRateLimitInterceptor"/>, which can answer with a gRPC status), as the route's metadata asks
/// (<see cref="RouteConventions"/>). Runs after authentication so
/// that a token's subject, not its IP, is the client.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, SharedRateLimiter limiter, ClientIdentity identity)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (!limiter.Settings.Enabled || !EndpointRoutes.IsRateLimited(endpoint) || IsGrpc(context.Request))
        {
            await next(context);
            return;
        }

        var decision = await limiter.CheckGeneralAsync(identity.Resolve(context), context.RequestAborted);
        if (!decision.IsUnchecked)
        {
            RateLimitHeaders.Write(context.Response.Headers, decision, [decision]);
        }

        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        await ApiErrors.Error(
                StatusCodes.Status429TooManyRequests,
                ErrorCodes.RATE_LIMIT_EXCEEDED,
                ApiErrors.TooManyRequestsMessage,
                new RetryAfterDetails(decision.RetryAfterSeconds))
            .ExecuteAsync(context);
    }

    internal static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
