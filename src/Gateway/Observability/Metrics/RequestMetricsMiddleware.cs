using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using SyncKairos.Gateway.Routing;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// Records every API request by route template (never the raw path: ids would explode the series count),
/// and session commands by the route's <see cref="SessionRouteAttribute"/>. Routes mapped with
/// <c>DisableHttpMetrics()</c> (metrics, health, readiness, docs, dashboard, cluster, the WebSocket upgrade)
/// are not counted, so scrapes and probes do not drown the API's figures (ADR 0012).
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics)
{
    public const string UnmatchedRoute = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Record(context, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Record(HttpContext context, double durationMs)
    {
        var endpoint = context.GetEndpoint();
        var route = RouteOf(endpoint);
        if (route is null)
        {
            return;
        }

        var status = context.Response.StatusCode;
        metrics.RecordRequest(context.Request.Method, route, status, durationMs);
        if (EndpointRoutes.Session(endpoint)?.Command is { } command)
        {
            var result = GrpcStatusOf(context) is { } grpc ? GatewayMetrics.ResultOf(grpc) : GatewayMetrics.ResultOf(status);
            metrics.RecordTransition(command, result, durationMs);
        }
    }

    /// <summary>
    /// The status a gRPC call ended with: a gRPC response is HTTP 200 whatever happened, the outcome is
    /// <c>grpc-status</c>, in the trailers, or in the headers of a trailers-only response. Null for other requests.
    /// </summary>
    public static StatusCode? GrpcStatusOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers && trailers.TryGetValue("grpc-status", out var trailer)
            ? trailer
            : context.Response.Headers["grpc-status"];
        return int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (StatusCode)code : null;
    }

    /// <summary>The route template, <see cref="UnmatchedRoute"/> for no endpoint, null for routes not counted.</summary>
    public static string? RouteOf(Endpoint? endpoint)
    {
        if (!EndpointRoutes.IsMetered(endpoint))
        {
            return null;
        }

        if (endpoint is not RouteEndpoint route || route.RoutePattern.RawText is not { } raw)
        {
            return UnmatchedRoute;
        }

        var template = raw.StartsWith('/') ? raw : "/" + raw;
        return template.Length > 1 ? template.TrimEnd('/') : template;
    }
}
