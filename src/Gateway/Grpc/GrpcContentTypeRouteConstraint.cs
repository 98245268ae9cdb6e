using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SyncKairos.Gateway.Grpc;

/// <summary>
/// Lets the catch-all UNIMPLEMENTED route match gRPC requests only, so that other unknown routes of the
/// gateway keep their own 404.
/// </summary>
internal sealed class GrpcContentTypeRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        httpContext?.Request.ContentType is { } contentType
        && contentType.StartsWith(GrpcProtocol.ContentType, StringComparison.OrdinalIgnoreCase);
}
