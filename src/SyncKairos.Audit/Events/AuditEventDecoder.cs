using System.Globalization;
using System.Text.Json;

namespace SyncKairos.Audit.Events;

/// <summary>
/// Decodes one audit list entry (the JSON the session scripts RPUSH) into an <see cref="AuditEvent"/>.
/// Tolerant by design: unknown fields are ignored, integers may arrive as JSON numbers or decimal strings
/// (scripts keep large integers as strings), and a state without the fields a session row needs still
/// yields the event, just without a session snapshot.
/// </summary>
public static class AuditEventDecoder
{
    public static AuditEvent Decode(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new AuditEventFormatException("The audit entry is not valid JSON.", ex);
        }

        using (document)
        {
            return Decode(document.RootElement);
        }
    }

    private static AuditEvent Decode(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AuditEventFormatException("The audit entry is not a JSON object.");
        }

        var sessionId = RequiredGuid(root, "session_id");
        var version = RequiredInt64(root, "version");
        var eventType = RequiredString(root, "event_type");
        var at = RequiredInt64(root, "at");
        var eventId = OptionalString(root, "event_id") ?? FormattableString.Invariant($"{sessionId}:{version}");

        if (!root.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.Object)
        {
            throw new AuditEventFormatException("The audit entry has no state object.");
        }

        var actor = OptionalGuid(root, "actor") ?? OptionalGuid(state, "active_participant_id");
        var participant = actor is { } id ? FindParticipant(state, id) : null;
        var metadataJson = OptionalString(state, "metadata_json");

        return new AuditEvent
        {
            EventId = eventId,
            SessionId = sessionId,
            Version = version,
            EventType = eventType,
            ParticipantId = actor,
            GroupId = participant is { } p ? OptionalGuid(p, "group_id") : null,
            TimeRemainingMs = participant is { } r ? OptionalInt64(r, "total_time_ms") : null,
            TimeElapsedMs = participant is { } u ? OptionalInt64(u, "time_used_ms") : null,
            CycleNumber = TotalCycles(state),
            OccurredAtMs = at,
            StateJson = state.GetRawText(),
            MetadataJson = metadataJson,
            Session = Snapshot(state, sessionId, version, at, metadataJson),
        };
    }

    private static AuditSessionSnapshot? Snapshot(JsonElement state, Guid sessionId, long version, long at, string? metadataJson)
    {
        var mode = OptionalString(state, "sync_mode");
        if (mode is null)
        {
            return null;
        }

        var participants = state.TryGetProperty("participants", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.GetArrayLength()
            : 0;

        return new AuditSessionSnapshot
        {
            SessionId = sessionId,
            SyncMode = mode,
            TimePerCycleMs = OptionalInt64(state, "time_per_cycle_ms"),
            IncrementMs = OptionalInt64(state, "increment_ms") ?? 0,
            MaxTimeMs = OptionalInt64(state, "max_time_ms"),
            CreatedAtMs = OptionalInt64(state, "created_at") ?? at,
            StartedAtMs = OptionalInt64(state, "session_started_at"),
            CompletedAtMs = OptionalInt64(state, "session_completed_at"),
            Status = OptionalString(state, "status"),
            TotalCycles = TotalCycles(state) ?? 0,
            TotalParticipants = participants,
            MetadataJson = metadataJson,
            LastUpdatedAtMs = OptionalInt64(state, "updated_at") ?? at,
            LastVersion = version,
        };
    }

    /// <summary>Completed turns so far: the sum of the participants' <c>cycle_count</c>.</summary>
    private static int? TotalCycles(JsonElement state)
    {
        if (!state.TryGetProperty("participants", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        long total = 0;
        foreach (var participant in list.EnumerateArray())
        {
            if (participant.ValueKind == JsonValueKind.Object)
            {
                total += OptionalInt64(participant, "cycle_count") ?? 0;
            }
        }

        return (int)Math.Clamp(total, 0, int.MaxValue);
    }

    private static JsonElement? FindParticipant(JsonElement state, Guid participantId)
    {
        if (!state.TryGetProperty("participants", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var participant in list.EnumerateArray())
        {
            if (participant.ValueKind == JsonValueKind.Object && OptionalGuid(participant, "participant_id") == participantId)
            {
                return participant;
            }
        }

        return null;
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new AuditEventFormatException($"The audit entry has no string '{name}'.");

    private static long RequiredInt64(JsonElement element, string name) =>
        OptionalInt64(element, name) ?? throw new AuditEventFormatException($"The audit entry has no integer '{name}'.");

    private static Guid RequiredGuid(JsonElement element, string name) =>
        Guid.TryParse(OptionalString(element, name), out var id) ? id : throw new AuditEventFormatException($"The audit entry has no UUID '{name}'.");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalInt64(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number when value.TryGetDouble(out var real) && Math.Abs(real) < 9e15 => (long)Math.Round(real),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValueKind.Null => null,
            _ => throw new AuditEventFormatException($"The audit entry's '{name}' is not an integer."),
        };
    }

    /// <summary>Participant and group ids that are not UUIDs (say, a system actor) map to null rather than fail the event.</summary>
    private static Guid? OptionalGuid(JsonElement element, string name) =>
        Guid.TryParse(OptionalString(element, name), out var id) ? id : null;
}
