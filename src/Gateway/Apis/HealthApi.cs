using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Storage;

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
        IRedisConnectionSource redis, IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        var error = await NotReadyReasonAsync(redis, checks, cancellationToken);
        return error is null
            ? TypedResults.Ok(new HealthStatus("ready"))
            : TypedResults.Json(new HealthStatus("not_ready", error), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Why this instance is not ready (Redis first, then each check), or null when it is.</summary>
    public static async Task<string?> NotReadyReasonAsync(IRedisConnectionSource redis, IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var error = await CheckRedisAsync(redis, cancellationToken);
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

    // A probe must answer within the orchestrator's own timeout, whatever Redis does (a suspended server leaves the
    // socket open and never answers).
    private static readonly TimeSpan RedisPingTimeout = TimeSpan.FromSeconds(1);

    private static async Task<string?> CheckRedisAsync(IRedisConnectionSource redis, CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = redis.Multiplexer;
            if (!multiplexer.IsConnected)
            {
                return "redis: not connected";
            }

            await RedisCommandMetrics.Timed(multiplexer.GetDatabase().PingAsync()).WaitAsync(RedisPingTimeout, cancellationToken);
            return null;
        }
        catch (TimeoutException)
        {
            return $"redis: no answer to PING within {RedisPingTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception ex) when (StoreFailures.IsUnavailable(ex) || ex is RedisException or InvalidOperationException)
        {
            return $"redis: {ex.Message}";
        }
    }
}
