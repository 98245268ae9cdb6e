using System.Text.Json;
using System.Text.Json.Serialization;
using SyncKairos.Audit.Reading;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Audit;

/// <summary>One entry of <c>GET /v1/sessions/{id}/events</c>; times in docs/API.md's ISO format.</summary>
public sealed record EventDto(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("participant_id")] string? ParticipantId,
    [property: JsonPropertyName("group_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GroupId,
    [property: JsonPropertyName("time_remaining_ms")] long? TimeRemainingMs,
    [property: JsonPropertyName("time_elapsed_ms")] long? TimeElapsedMs,
    [property: JsonPropertyName("cycle_number")] int? CycleNumber,
    [property: JsonPropertyName("occurred_at")] string OccurredAt,
    [property: JsonPropertyName("state")] JsonElement State,
    [property: JsonPropertyName("metadata"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata)
{
    public static EventDto From(AuditEventRecord record) => new(
        record.EventId,
        record.SessionId,
        record.Version,
        record.EventType,
        record.ParticipantId,
        record.GroupId,
        record.TimeRemainingMs,
        record.TimeElapsedMs,
        record.CycleNumber,
        IsoTime.Format(record.OccurredAt.ToUnixTimeMilliseconds()),
        record.State,
        record.Metadata);
}
