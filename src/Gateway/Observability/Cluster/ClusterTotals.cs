using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>
/// Sums over the silos that answered: live sessions = session grain activations (IManagementGrain), running
/// sessions = members of the deadline index (ZCARD per bucket). The audit queue is shared, so its size and lag are the largest
/// any instance reported, not a sum.
/// </summary>
public sealed record ClusterTotals(
    [property: JsonPropertyName("instances")] int Instances,
    [property: JsonPropertyName("connections")] long Connections,
    [property: JsonPropertyName("switches_per_second")] double SwitchesPerSecond,
    [property: JsonPropertyName("live_sessions")] long LiveSessions,
    [property: JsonPropertyName("running_sessions")] long RunningSessions,
    [property: JsonPropertyName("audit_queue_size")] long AuditQueueSize,
    [property: JsonPropertyName("audit_lag_ms")] long AuditLagMs,
    [property: JsonPropertyName("audit_dead_letters")] long AuditDeadLetters);
