using System.Text.Json;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Storage;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary><c>GET /v1/cluster</c>: live instances from their heartbeats, and cluster totals.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        // Operational figures for the dashboard, public like /metrics.
        app.MapGet("/v1/cluster", GetClusterAsync).WithSummary("Live gateway instances and cluster totals (new)")
            .AllowAnonymous().DisableHttpMetrics();
        return app;
    }

    public static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<DataEnvelope<ClusterView>>> GetClusterAsync(
        ClusterHeartbeat heartbeat, StoreConnections store, TimeProvider time, CancellationToken ct)
    {
        var redis = store.Connection;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = await redis.ExecuteAsync("ZRANGE", [heartbeat.SetKey, "0", "-1"], ct);

        // One GET per instance rather than MGET: the keys may live in different slots of a Redis Cluster.
        var replies = await Task.WhenAll(ids.Items.Select(id => redis.ExecuteAsync("GET", [heartbeat.InstanceKey(id.AsString()!)], ct)));
        var instances = replies.Where(r => !r.IsNull)
            .Select(r => JsonSerializer.Deserialize<InstanceHeartbeat>(r.AsString()!)!)
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
            .ToList();
        var running = await heartbeat.CountRunningAsync(redis, ct);
        var totals = new ClusterTotals(
            instances.Count,
            instances.Sum(i => (long)i.Connections),
            Math.Round(instances.Sum(i => i.SwitchesPerSecond), 2),
            heartbeat.LiveSessions,
            running,
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditQueueSize),
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditLagMs),
            instances.Count == 0 ? 0 : instances.Max(i => i.AuditDeadLetters));
        return TypedResults.Ok(new DataEnvelope<ClusterView>(new ClusterView(heartbeat.InstanceId, nowMs, instances, totals)));
    }
}
