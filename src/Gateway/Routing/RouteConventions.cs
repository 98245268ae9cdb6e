using SyncKairos.Gateway.Security;

namespace SyncKairos.Gateway.Routing;

/// <summary>
/// Route knowledge is endpoint metadata set where a route is mapped, so that adding a route touches one
/// file. Besides <see cref="ForSession"/>, the framework's own metadata is used:
/// <list type="bullet">
/// <item><c>AllowAnonymous()</c>: no token needed even with auth on (<see cref="EndpointRoutes.Operation"/>);</item>
/// <item><c>DisableRateLimiting()</c>: outside the shared general budget (the per-session switch budget is the
/// session grain's own);</item>
/// <item><c>DisableHttpMetrics()</c>: not counted in <c>synckairos_http_*</c> (operational routes, ADR 0012).</item>
/// </list>
/// A route with none of it (and a request that matched no route) needs a valid token, counts against the
/// general budget and is metered by its route template (<c>unmatched</c> without one).
/// </summary>
public static class RouteConventions
{
    /// <summary>A <c>/v1/sessions/{id}...</c> route (or <c>POST /v1/sessions</c>, which has no id yet).</summary>
    public static TBuilder ForSession<TBuilder>(this TBuilder builder, SessionOperation operation)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SessionRouteAttribute(operation) { SessionIdRouteValue = "id" });
}
