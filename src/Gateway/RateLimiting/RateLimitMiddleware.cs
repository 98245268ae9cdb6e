using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Routing;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Applies the shared limits to HTTP and WebSocket requests (gRPC calls are limited by
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

        // General and switch budgets in one script call (the switch one only charged when the general allows).
        var switchSessionId = EndpointRoutes.ChargesSwitchBudget(endpoint) ? EndpointRoutes.Session(endpoint)?.SessionId(context.Request) : null;
        var decisions = await limiter.CheckAsync(identity.Resolve(context), switchSessionId, context.RequestAborted);
        if (decisions.Length == 0)
        {
            await next(context);
            return;
        }

        var binding = Binding(decisions);
        var known = Array.FindAll(decisions, d => !d.IsUnchecked);
        if (known.Length > 0)
        {
            RateLimitHeaders.Write(context.Response.Headers, Binding(known), known);
        }

        if (binding.Allowed)
        {
            await next(context);
            return;
        }

        await ApiErrors.Error(
                StatusCodes.Status429TooManyRequests,
                ErrorCodes.RATE_LIMIT_EXCEEDED,
                "Too many requests, retry later",
                new RetryAfterDetails(binding.RetryAfterSeconds))
            .ExecuteAsync(context);
    }

    /// <summary>The refusing decision, else the one with the least left.</summary>
    internal static RateLimitDecision Binding(IReadOnlyList<RateLimitDecision> decisions) =>
        decisions.FirstOrDefault(d => !d.Allowed) is { Limit: > 0 } refused
            ? refused
            : decisions.MinBy(d => (double)d.Remaining / d.Limit);

    internal static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
