using Microsoft.AspNetCore.Http.HttpResults;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Storage;

namespace SyncKairos.Gateway.Apis;

/// <summary><c>GET /health</c> (liveness, no dependencies) and <c>GET /ready</c> (Redis and every <see cref="IReadinessCheck"/>).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Probes: an orchestrator must always get through, and they would drown the API's figures.
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        app.MapGet("/ready", GetReadyAsync).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetReadyAsync(
        StoreConnections store, IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        var error = await NotReadyReasonAsync(store, checks, cancellationToken);
        return error is null
            ? TypedResults.Ok(new HealthStatus("ready"))
            : TypedResults.Json(new HealthStatus("not_ready", error), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Why this instance is not ready (Redis first, then each check), or null when it is.</summary>
    public static async Task<string?> NotReadyReasonAsync(StoreConnections store, IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var error = await CheckRedisAsync(store, cancellationToken);
        foreach (var check in checks)
        {
            if (error is not null)
            {
                break;
            }

            try
            {
                error = await check.CheckAsync(cancellationToken) is { } reason ? $"{check.Name}: {reason}" : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = $"{check.Name}: {ex.Message}";
            }
        }

        return error;
    }

    private static async Task<string?> CheckRedisAsync(StoreConnections store, CancellationToken cancellationToken)
    {
        try
        {
            await store.Connection.ExecuteAsync("PING", cancellationToken);
            return store.IsConnected ? null : "redis: not connected";
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
        {
            return $"redis: {ex.Message}";
        }
    }
}
