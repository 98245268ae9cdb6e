using Microsoft.Extensions.Options;
using Orleans.Runtime;
using StackExchange.Redis;
using SyncKairos.Gateway.Observability.Metrics;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>
/// <c>GET /v1/cluster</c>: the cluster's active silos from Orleans membership, each reporting its own figures, and
/// cluster totals. A silo that died but is not declared dead yet is still a member: it does not answer within
/// <see cref="ReportTimeout"/> and is left out.
/// </summary>
public static class ClusterApi
{
    public static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        // Operational figures for the dashboard, public like /metrics.
        app.MapGet("/v1/cluster", GetClusterAsync).WithSummary("Live gateway instances and cluster totals (new)")
            .AllowAnonymous().DisableHttpMetrics();
        return app;
    }

    internal static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<DataEnvelope<ClusterView>>> GetClusterAsync(
        IClusterMembershipService membership,
        ILocalSiloDetails local,
        InstanceFigures self,
        InstanceFiguresClient figures,
        IGrainFactory grains,
        IConnectionMultiplexer redis,
        IOptions<SessionStorageOptions> storage,
        GatewayMetrics metrics,
        TimeProvider time)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .ToArray();
        var reports = await Task.WhenAll(silos.Select(silo => ReportAsync(silo, local, self, figures)));
        var answered = silos.Where((_, i) => reports[i] is not null).ToArray();
        var instances = reports.OfType<InstanceHeartbeat>().OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var totals = new ClusterTotals(
            instances.Count,
            instances.Sum(i => (long)i.Connections),
            Math.Round(instances.Sum(i => i.SwitchesPerSecond), 2),
            await LiveSessionsAsync(grains, answered),
            await RunningSessionsAsync(redis, new SessionStorageKeys(storage.Value), metrics),
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditQueueSize),
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditLagMs),
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditDeadLetters));
        return TypedResults.Ok(new DataEnvelope<ClusterView>(new ClusterView(self.InstanceId, nowMs, instances, totals)));
    }

    private static async Task<InstanceHeartbeat?> ReportAsync(SiloAddress silo, ILocalSiloDetails local, InstanceFigures self, InstanceFiguresClient figures)
    {
        if (silo.Equals(local.SiloAddress))
        {
            return self.Report();
        }

        try
        {
            return await figures.On(silo).Report().WaitAsync(ReportTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>Running sessions are exactly the members of the deadline index: one ZCARD per bucket (-1 without Redis).</summary>
    private static async Task<long> RunningSessionsAsync(IConnectionMultiplexer redis, SessionStorageKeys keys, GatewayMetrics metrics)
    {
        try
        {
            var database = redis.GetDatabase();
            var counts = await Task.WhenAll(Enumerable.Range(0, keys.DeadlineBuckets).Select(b => database.SortedSetLengthAsync(keys.Deadlines(b))));
            metrics.RunningSessions = counts.Sum();
            return metrics.RunningSessions;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return -1;
        }
    }

    /// <summary>Session activations on the silos that answered (-1 when the count could not be had in time).</summary>
    private static async Task<long> LiveSessionsAsync(IGrainFactory grains, SiloAddress[] silos)
    {
        try
        {
            var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics(silos).WaitAsync(ReportTimeout);
            return statistics.Where(s => s.GrainType.Contains("SessionGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return -1;
        }
    }
}
