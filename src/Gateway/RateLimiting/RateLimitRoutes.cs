namespace SyncKairos.Gateway.RateLimiting;

/// <summary>Which requests count against which budget (docs/API.md).</summary>
public static class RateLimitRoutes
{
    /// <summary>Probes and docs: never limited (an orchestrator must always get through).</summary>
    public static bool IsExempt(PathString path) =>
        path.Equals("/health", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/ready", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/metrics", StringComparison.OrdinalIgnoreCase)
        || (path.Value ?? "").StartsWith("/api-docs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Clock sync polls /v1/time often; docs/API.md keeps it out of the general budget.</summary>
    public static bool CountsAgainstGeneral(PathString path) =>
        !path.Equals("/v1/time", StringComparison.OrdinalIgnoreCase);

    /// <summary>The session id of <c>POST /v1/sessions/{id}/switch</c>, else null.</summary>
    public static string? SwitchSessionId(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 4
            && segments[0].Equals("v1", StringComparison.OrdinalIgnoreCase)
            && segments[1].Equals("sessions", StringComparison.OrdinalIgnoreCase)
            && segments[3].Equals("switch", StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(segments[2])
            : null;
    }
}
