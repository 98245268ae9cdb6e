using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace SyncKairos.Gateway.Observability.Metrics;

/// <summary>
/// Records every API request by route template (never the raw path: ids would explode the series count).
/// Operational routes (metrics, health, readiness, docs, dashboard, cluster, the WebSocket upgrade) are not
/// counted, so scrapes and probes do not drown the API's figures (ADR 0012).
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
        var route = RouteOf(context);
        if (route is null)
        {
            return;
        }

        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        metrics.RecordRequest(method, route, status, durationMs);
        if (GrpcStatusOf(context) is { } grpc)
        {
            if (GrpcCommandOf(route) is { } grpcCommand)
            {
                metrics.RecordTransition(grpcCommand, GatewayMetrics.ResultOf(grpc), durationMs);
            }
        }
        else if (CommandOf(method, route) is { } command)
        {
            metrics.RecordTransition(command, GatewayMetrics.ResultOf(status), durationMs);
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
    public static string? RouteOf(HttpContext context)
    {
        var path = context.Request.Path;
        if (IsOperational(path))
        {
            return null;
        }

        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.RawText is not { } raw)
        {
            return UnmatchedRoute;
        }

        var route = raw.StartsWith('/') ? raw : "/" + raw;
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    public static bool IsOperational(PathString path) =>
        path.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/metrics.json", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/health", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/ready", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/ws", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/v1/cluster", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api-docs", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api-docs.json", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase);

    /// <summary>The session command a REST route runs, for synckairos_session_transitions_total.</summary>
    public static string? CommandOf(string method, string route) => (method, route) switch
    {
        ("POST", "/v1/sessions") => "create",
        ("DELETE", "/v1/sessions/{id}") => "delete",
        ("POST", "/v1/sessions/{id}/start") => "start",
        ("POST", "/v1/sessions/{id}/switch") => "switch",
        ("POST", "/v1/sessions/{id}/pause") => "pause",
        ("POST", "/v1/sessions/{id}/resume") => "resume",
        ("POST", "/v1/sessions/{id}/complete") => "complete",
        _ => null,
    };

    /// <summary>The session command a gRPC method runs (its route is the method's path).</summary>
    public static string? GrpcCommandOf(string route) => route switch
    {
        "/synckairos.v1.SyncKairos/CreateSession" => "create",
        "/synckairos.v1.SyncKairos/DeleteSession" => "delete",
        "/synckairos.v1.SyncKairos/StartSession" => "start",
        "/synckairos.v1.SyncKairos/SwitchCycle" => "switch",
        "/synckairos.v1.SyncKairos/PauseSession" => "pause",
        "/synckairos.v1.SyncKairos/ResumeSession" => "resume",
        "/synckairos.v1.SyncKairos/CompleteSession" => "complete",
        _ => null,
    };
}
