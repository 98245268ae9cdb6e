namespace SyncKairos.Gateway.Observability.ApiDocs;

/// <summary>
/// Which error responses of docs/API.md each route can give, keyed by "METHOD route-template". Kept beside the
/// docs rather than on the handlers so the areas' files stay as they are; a test checks it covers every route.
/// </summary>
public static class ErrorResponses
{
    private static readonly int[] Common = [401, 403, 429, 500, 503];

    private static readonly Dictionary<string, int[]> ByRoute = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /v1/sessions"] = [400, 409],
        ["GET /v1/sessions/{id}"] = [404],
        ["POST /v1/sessions/{id}/start"] = [400, 404],
        ["POST /v1/sessions/{id}/switch"] = [400, 404, 409],
        ["POST /v1/sessions/{id}/pause"] = [400, 404],
        ["POST /v1/sessions/{id}/resume"] = [400, 404],
        ["POST /v1/sessions/{id}/complete"] = [400, 404],
        ["DELETE /v1/sessions/{id}"] = [],
        ["GET /v1/sessions/{id}/events"] = [400, 404],
        ["GET /v1/cluster"] = [],
    };

    /// <summary>Error statuses for a route; the REST session routes also get auth, rate-limit, 500 and 503.</summary>
    public static IReadOnlyList<int> For(string method, string route) =>
        ByRoute.TryGetValue($"{method} {route}", out var specific) ? [.. specific, .. Common] : [];

    public static string Describe(int status) => status switch
    {
        400 => "VALIDATION_ERROR (details: [{field, message, code}]) or INVALID_STATE_TRANSITION",
        401 => "UNAUTHORIZED (when authentication is enabled)",
        403 => "FORBIDDEN (when authentication is enabled)",
        404 => "SESSION_NOT_FOUND",
        409 => "SESSION_ALREADY_EXISTS (create) or NOT_ACTIVE_PARTICIPANT (switch guard)",
        429 => "RATE_LIMIT_EXCEEDED (details: {retry_after_seconds}; Retry-After and RateLimit-* headers)",
        503 => "SERVICE_UNAVAILABLE: Redis unreachable (Retry-After)",
        _ => "INTERNAL_ERROR",
    };

    public static string ExampleCode(int status) => status switch
    {
        400 => "VALIDATION_ERROR",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "SESSION_NOT_FOUND",
        409 => "NOT_ACTIVE_PARTICIPANT",
        429 => "RATE_LIMIT_EXCEEDED",
        503 => "SERVICE_UNAVAILABLE",
        _ => "INTERNAL_ERROR",
    };
}
