using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncKairos.Audit.Reading;

/// <summary>
/// One stored audit event as <c>GET /v1/sessions/{id}/events</c> returns it (snake_case, like the rest of the
/// wire contract). <see cref="State"/> is the stored session state at that version.
/// </summary>
public sealed record AuditEventRecord
{
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    [JsonPropertyName("version")]
    public required long Version { get; init; }

    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("participant_id")]
    public string? ParticipantId { get; init; }

    [JsonPropertyName("group_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupId { get; init; }

    [JsonPropertyName("time_remaining_ms")]
    public long? TimeRemainingMs { get; init; }

    [JsonPropertyName("time_elapsed_ms")]
    public long? TimeElapsedMs { get; init; }

    [JsonPropertyName("cycle_number")]
    public int? CycleNumber { get; init; }

    /// <summary>Serialised as ISO-8601 UTC with milliseconds by the gateway's converter.</summary>
    [JsonPropertyName("occurred_at")]
    public required DateTimeOffset OccurredAt { get; init; }

    [JsonPropertyName("state")]
    public required JsonElement State { get; init; }

    [JsonPropertyName("metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Metadata { get; init; }
}
