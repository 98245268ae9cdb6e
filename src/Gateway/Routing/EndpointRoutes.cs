using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using SyncKairos.Gateway.Security;

namespace SyncKairos.Gateway.Routing;

/// <summary>Reads what <see cref="RouteConventions"/> declared on the endpoint a request matched (null: none matched).</summary>
public static class EndpointRoutes
{
    public static SessionOperation Operation(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null ? SessionOperation.Public
        : endpoint?.Metadata.GetMetadata<SessionRouteAttribute>()?.Operation ?? SessionOperation.Authenticated;

    public static SessionRouteAttribute? Session(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<SessionRouteAttribute>();

    public static bool IsRateLimited(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null;

    public static bool IsMetered(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<IDisableHttpMetricsMetadata>() is null;
}
