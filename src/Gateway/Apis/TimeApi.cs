using Microsoft.AspNetCore.Http.HttpResults;

namespace SyncKairos.Gateway.Apis;

/// <summary><c>GET /v1/time</c>: the server clock, for clients estimating their offset.</summary>
public static class TimeApi
{
    public const string ServerVersion = "2.0.0";
    public const int DriftToleranceMs = 50;

    public static IEndpointRouteBuilder MapTimeApi(this IEndpointRouteBuilder app)
    {
        // Clock sync polls it often: API.md keeps it out of every budget.
        app.MapGet("/v1/time", GetTime).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    public static Ok<ServerTime> GetTime(TimeProvider time) =>
        TypedResults.Ok(new ServerTime(time.GetUtcNow().ToUnixTimeMilliseconds(), ServerVersion, DriftToleranceMs));
}
