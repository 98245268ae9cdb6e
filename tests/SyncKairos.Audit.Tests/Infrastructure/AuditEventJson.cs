using System.Text.Json;
using System.Text.Json.Nodes;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// Builds audit list entries in the session scripts' format: one JSON object per event with the stored
/// state (epoch-ms timestamps, no calculated fields, metadata as the string <c>metadata_json</c>).
/// </summary>
public static class AuditEventJson
{
    public const long BaseTimeMs = 1_763_750_000_000;

    public static string Create(Guid sessionId, long version, string eventType = "cycle_switched", Guid[]? participants = null,
        long? atMs = null, string? metadataJson = null, string syncMode = "per_participant", string status = "running", string? actor = null)
    {
        participants ??= [ParticipantOf(sessionId, 0), ParticipantOf(sessionId, 1)];
        var at = atMs ?? BaseTimeMs + version * 1000;
        var active = (int)(version % participants.Length);
        var list = new JsonArray();
        for (var i = 0; i < participants.Length; i++)
        {
            list.Add(new JsonObject
            {
                ["participant_id"] = participants[i].ToString(),
                ["participant_index"] = i,
                ["total_time_ms"] = 300_000 - version * 100,
                ["time_used_ms"] = version * 100,
                ["cycle_count"] = version / participants.Length,
                ["is_active"] = i == active,
                ["has_expired"] = false,
            });
        }

        var state = new JsonObject
        {
            ["session_id"] = sessionId.ToString(),
            ["sync_mode"] = syncMode,
            ["status"] = status,
            ["version"] = version,
            ["participants"] = list,
            ["active_participant_id"] = participants[active].ToString(),
            ["total_time_ms"] = 300_000,
            ["increment_ms"] = 0,
            ["delay_ms"] = 0,
            ["expiry_policy"] = "end_session",
            ["created_at"] = BaseTimeMs,
            ["updated_at"] = at,
            ["cycle_started_at"] = at,
            ["session_started_at"] = BaseTimeMs + 1000,
            ["deadline_at"] = at + 300_000,
            ["some_future_field"] = "ignored",
        };
        if (metadataJson is not null)
        {
            state["metadata_json"] = metadataJson;
        }

        var entry = new JsonObject
        {
            ["event_id"] = $"{sessionId}:{version}",
            ["session_id"] = sessionId.ToString(),
            ["version"] = version,
            ["event_type"] = eventType,
            ["at"] = at,
            ["state"] = state,
        };
        if (actor is not null)
        {
            entry["actor"] = actor;
        }

        return entry.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static Guid ParticipantOf(Guid sessionId, int index)
    {
        var bytes = sessionId.ToByteArray();
        bytes[15] ^= (byte)(index + 1);
        return new Guid(bytes);
    }
}
