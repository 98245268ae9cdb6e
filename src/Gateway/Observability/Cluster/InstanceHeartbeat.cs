using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>What one instance writes to Redis every heartbeat (and what <c>GET /v1/cluster</c> lists).</summary>
public sealed record InstanceHeartbeat(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("started_at_ms")] long StartedAtMs,
    [property: JsonPropertyName("seen_at_ms")] long SeenAtMs,
    [property: JsonPropertyName("uptime_s")] double UptimeSeconds,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("switches_per_second")] double SwitchesPerSecond,
    [property: JsonPropertyName("switch_p50_ms")] double? SwitchP50Ms,
    [property: JsonPropertyName("switch_p99_ms")] double? SwitchP99Ms,
    [property: JsonPropertyName("redis_p99_ms")] double? RedisP99Ms,
    [property: JsonPropertyName("audit_queue_size")] long AuditQueueSize,
    [property: JsonPropertyName("audit_lag_ms")] long AuditLagMs,
    [property: JsonPropertyName("audit_dead_letters")] long AuditDeadLetters);
