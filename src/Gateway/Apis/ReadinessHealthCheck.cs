using Microsoft.Extensions.Diagnostics.HealthChecks;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Apis;

/// <summary>The checks of <c>GET /ready</c> as an ASP.NET Core health check, so that <c>grpc.health.v1</c> reports the same.</summary>
public sealed class ReadinessHealthCheck(IRedisConnectionSource redis, IEnumerable<IReadinessCheck> checks) : IHealthCheck
{
    public const string Name = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await HealthApi.NotReadyReasonAsync(redis, checks, cancellationToken) is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy();
}
