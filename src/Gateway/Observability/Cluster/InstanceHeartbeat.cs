using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>What one gateway silo reports about itself (and what <c>GET /v1/cluster</c> lists).</summary>
[GenerateSerializer]
[Immutable]
[Alias("synckairos.InstanceHeartbeat")]
public sealed record InstanceHeartbeat(
    [property: Id(0), JsonPropertyName("instance_id")] string InstanceId,
    [property: Id(1), JsonPropertyName("version")] string Version,
    [property: Id(2), JsonPropertyName("started_at_ms")] long StartedAtMs,
    [property: Id(3), JsonPropertyName("seen_at_ms")] long SeenAtMs,
    [property: Id(4), JsonPropertyName("uptime_s")] double UptimeSeconds,
    [property: Id(5), JsonPropertyName("connections")] int Connections,
    [property: Id(6), JsonPropertyName("switches_per_second")] double SwitchesPerSecond,
    [property: Id(7), JsonPropertyName("switch_p50_ms")] double? SwitchP50Ms,
    [property: Id(8), JsonPropertyName("switch_p99_ms")] double? SwitchP99Ms,
    [property: Id(9), JsonPropertyName("redis_p99_ms")] double? RedisP99Ms,
    [property: Id(10), JsonPropertyName("audit_queue_size")] long AuditQueueSize,
    [property: Id(11), JsonPropertyName("audit_lag_ms")] long AuditLagMs,
    [property: Id(12), JsonPropertyName("audit_dead_letters")] long AuditDeadLetters);
