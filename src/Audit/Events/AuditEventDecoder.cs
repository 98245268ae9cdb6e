using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace SyncKairos.Audit.Events;

/// <summary>
/// Decodes one audit list entry (the JSON the session scripts RPUSH) into an <see cref="AuditEvent"/>.
/// Tolerant by design: unknown fields are ignored, integers may arrive as JSON numbers or decimal strings
/// (scripts keep large integers as strings), and a state without the fields a session row needs still
/// yields the event, just without a session snapshot.
/// </summary>
/// <remarks>
/// One forward pass of <see cref="Utf8JsonReader"/> over the entry (ADR 0022): the state object is not copied nor
/// re-encoded — the event keeps the exact bytes of the entry's <c>state</c> value, which go to the store as they
/// are. Values that the row may not use (say, a participant field of a participant that is not the actor) are
/// only checked when used, as a document lookup would.
/// </remarks>
public static class AuditEventDecoder
{
    [ThreadStatic]
    private static List<ParticipantFields>? t_participants;

    public static AuditEvent Decode(ReadOnlyMemory<byte> json)
    {
        var participants = t_participants ??= new List<ParticipantFields>(4);
        participants.Clear();
        try
        {
            return Decode(json, participants);
        }
        catch (JsonException ex)
        {
            throw new AuditEventFormatException("The audit entry is not valid JSON.", ex);
        }
    }

    private static AuditEvent Decode(ReadOnlyMemory<byte> json, List<ParticipantFields> participants)
    {
        var reader = new Utf8JsonReader(json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            // Still read to the end: text that is not JSON at all is reported as such.
            reader.Skip();
            while (reader.Read())
            {
            }

            throw new AuditEventFormatException("The audit entry is not a JSON object.");
        }

        Guid? sessionId = null;
        Guid? actor = null;
        Number version = default, at = default;
        string? eventType = null, eventId = null;
        var state = new StateFields();
        ReadOnlyMemory<byte> stateJson = default;
        var hasState = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("state"u8))
            {
                reader.Read();
                hasState = reader.TokenType == JsonTokenType.StartObject;
                if (hasState)
                {
                    var start = (int)reader.TokenStartIndex;
                    state = ReadState(ref reader, participants);
                    stateJson = json[start..(int)reader.BytesConsumed];
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            var field = reader.ValueTextEquals("session_id"u8) ? RootField.SessionId
                : reader.ValueTextEquals("version"u8) ? RootField.Version
                : reader.ValueTextEquals("event_type"u8) ? RootField.EventType
                : reader.ValueTextEquals("at"u8) ? RootField.At
                : reader.ValueTextEquals("event_id"u8) ? RootField.EventId
                : reader.ValueTextEquals("actor"u8) ? RootField.Actor
                : RootField.Other;
            reader.Read();
            switch (field)
            {
                case RootField.SessionId: sessionId = ReadGuid(ref reader); break;
                case RootField.Version: version = ReadNumber(ref reader); break;
                case RootField.EventType: eventType = ReadString(ref reader); break;
                case RootField.At: at = ReadNumber(ref reader); break;
                case RootField.EventId: eventId = ReadString(ref reader); break;
                case RootField.Actor: actor = ReadGuid(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        // Anything after the object (a second value) is not one entry.
        while (reader.Read())
        {
        }

        var session = sessionId ?? throw new AuditEventFormatException("The audit entry has no UUID 'session_id'.");
        var versionValue = version.Required("version");
        var type = eventType ?? throw new AuditEventFormatException("The audit entry has no string 'event_type'.");
        var atValue = at.Required("at");
        if (!hasState)
        {
            throw new AuditEventFormatException("The audit entry has no state object.");
        }

        actor ??= state.ActiveParticipantId;
        var participant = actor is { } id ? Find(participants, id) : null;
        var totalCycles = state.HasParticipants ? TotalCycles(participants) : (int?)null;
        return new AuditEvent
        {
            EventId = eventId ?? FormattableString.Invariant($"{session}:{versionValue}"),
            SessionId = session,
            Version = versionValue,
            EventType = type,
            ParticipantId = actor,
            GroupId = participant?.GroupId,
            TimeRemainingMs = participant?.TotalTimeMs.Optional("total_time_ms"),
            TimeElapsedMs = participant?.TimeUsedMs.Optional("time_used_ms"),
            CycleNumber = totalCycles,
            OccurredAtMs = atValue,
            StateUtf8 = stateJson,
            MetadataJson = state.MetadataJson,
            Session = Snapshot(state, session, versionValue, atValue, totalCycles ?? 0, participants.Count),
        };
    }

    private static AuditSessionSnapshot? Snapshot(in StateFields state, Guid sessionId, long version, long at, int totalCycles, int participants)
    {
        if (state.SyncMode is not { } mode)
        {
            return null;
        }

        return new AuditSessionSnapshot
        {
            SessionId = sessionId,
            SyncMode = mode,
            TimePerCycleMs = state.TimePerCycleMs.Optional("time_per_cycle_ms"),
            IncrementMs = state.IncrementMs.Optional("increment_ms") ?? 0,
            MaxTimeMs = state.MaxTimeMs.Optional("max_time_ms"),
            CreatedAtMs = state.CreatedAt.Optional("created_at") ?? at,
            StartedAtMs = state.StartedAt.Optional("session_started_at"),
            CompletedAtMs = state.CompletedAt.Optional("session_completed_at"),
            Status = state.Status,
            TotalCycles = totalCycles,
            TotalParticipants = state.HasParticipants ? participants : 0,
            MetadataJson = state.MetadataJson,
            LastUpdatedAtMs = state.UpdatedAt.Optional("updated_at") ?? at,
            LastVersion = version,
        };
    }

    /// <summary>Reads the state object the reader is at, up to and including its end.</summary>
    private static StateFields ReadState(ref Utf8JsonReader reader, List<ParticipantFields> participants)
    {
        var state = new StateFields();
        participants.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("participants"u8))
            {
                reader.Read();
                participants.Clear();
                state.HasParticipants = reader.TokenType == JsonTokenType.StartArray;
                if (state.HasParticipants)
                {
                    ReadParticipants(ref reader, participants);
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            var field = reader.ValueTextEquals("sync_mode"u8) ? StateField.SyncMode
                : reader.ValueTextEquals("status"u8) ? StateField.Status
                : reader.ValueTextEquals("active_participant_id"u8) ? StateField.ActiveParticipantId
                : reader.ValueTextEquals("metadata_json"u8) ? StateField.MetadataJson
                : reader.ValueTextEquals("time_per_cycle_ms"u8) ? StateField.TimePerCycleMs
                : reader.ValueTextEquals("increment_ms"u8) ? StateField.IncrementMs
                : reader.ValueTextEquals("max_time_ms"u8) ? StateField.MaxTimeMs
                : reader.ValueTextEquals("created_at"u8) ? StateField.CreatedAt
                : reader.ValueTextEquals("session_started_at"u8) ? StateField.StartedAt
                : reader.ValueTextEquals("session_completed_at"u8) ? StateField.CompletedAt
                : reader.ValueTextEquals("updated_at"u8) ? StateField.UpdatedAt
                : StateField.Other;
            reader.Read();
            switch (field)
            {
                case StateField.SyncMode: state.SyncMode = ReadString(ref reader); break;
                case StateField.Status: state.Status = ReadString(ref reader); break;
                case StateField.ActiveParticipantId: state.ActiveParticipantId = ReadGuid(ref reader); break;
                case StateField.MetadataJson: state.MetadataJson = ReadString(ref reader); break;
                case StateField.TimePerCycleMs: state.TimePerCycleMs = ReadNumber(ref reader); break;
                case StateField.IncrementMs: state.IncrementMs = ReadNumber(ref reader); break;
                case StateField.MaxTimeMs: state.MaxTimeMs = ReadNumber(ref reader); break;
                case StateField.CreatedAt: state.CreatedAt = ReadNumber(ref reader); break;
                case StateField.StartedAt: state.StartedAt = ReadNumber(ref reader); break;
                case StateField.CompletedAt: state.CompletedAt = ReadNumber(ref reader); break;
                case StateField.UpdatedAt: state.UpdatedAt = ReadNumber(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return state;
    }

    /// <summary>Reads the participants array the reader is at; every element counts, objects are read.</summary>
    private static void ReadParticipants(ref Utf8JsonReader reader, List<ParticipantFields> participants)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                participants.Add(new ParticipantFields { IsObject = false });
                continue;
            }

            var p = new ParticipantFields { IsObject = true };
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.ValueTextEquals("participant_id"u8) ? ParticipantField.Id
                    : reader.ValueTextEquals("group_id"u8) ? ParticipantField.GroupId
                    : reader.ValueTextEquals("total_time_ms"u8) ? ParticipantField.TotalTimeMs
                    : reader.ValueTextEquals("time_used_ms"u8) ? ParticipantField.TimeUsedMs
                    : reader.ValueTextEquals("cycle_count"u8) ? ParticipantField.CycleCount
                    : ParticipantField.Other;
                reader.Read();
                switch (field)
                {
                    case ParticipantField.Id: p.Id = ReadGuid(ref reader); break;
                    case ParticipantField.GroupId: p.GroupId = ReadGuid(ref reader); break;
                    case ParticipantField.TotalTimeMs: p.TotalTimeMs = ReadNumber(ref reader); break;
                    case ParticipantField.TimeUsedMs: p.TimeUsedMs = ReadNumber(ref reader); break;
                    case ParticipantField.CycleCount: p.CycleCount = ReadNumber(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            participants.Add(p);
        }
    }

    /// <summary>Completed turns so far: the sum of the participants' <c>cycle_count</c>.</summary>
    private static int TotalCycles(List<ParticipantFields> participants)
    {
        long total = 0;
        foreach (var p in participants)
        {
            if (p.IsObject)
            {
                total += p.CycleCount.Optional("cycle_count") ?? 0;
            }
        }

        return (int)Math.Clamp(total, 0, int.MaxValue);
    }

    private static ParticipantFields? Find(List<ParticipantFields> participants, Guid id)
    {
        foreach (var p in participants)
        {
            if (p.IsObject && p.Id == id)
            {
                return p;
            }
        }

        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>Participant and group ids that are not UUIDs (say, a system actor) map to null rather than fail the event.</summary>
    private static Guid? ReadGuid(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out Guid id, out var used) && used == reader.ValueSpan.Length)
        {
            return id;
        }

        return Guid.TryParse(reader.GetString(), out id) ? id : null;
    }

    private static Number ReadNumber(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return Number.Of(whole);
                }

                return reader.TryGetDouble(out var real) && Math.Abs(real) < 9e15 ? Number.Of((long)Math.Round(real)) : Number.Invalid;
            case JsonTokenType.String:
                var parsed = reader.ValueIsEscaped
                    ? long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole)
                    : long.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole);
                return parsed ? Number.Of(whole) : Number.Invalid;
            case JsonTokenType.Null:
                return default;
            default:
                reader.Skip();
                return Number.Invalid;
        }
    }

    private enum RootField
    {
        Other,
        SessionId,
        Version,
        EventType,
        At,
        EventId,
        Actor,
    }

    private enum StateField
    {
        Other,
        SyncMode,
        Status,
        ActiveParticipantId,
        MetadataJson,
        TimePerCycleMs,
        IncrementMs,
        MaxTimeMs,
        CreatedAt,
        StartedAt,
        CompletedAt,
        UpdatedAt,
    }

    private enum ParticipantField
    {
        Other,
        Id,
        GroupId,
        TotalTimeMs,
        TimeUsedMs,
        CycleCount,
    }

    /// <summary>An integer field as read: absent (or null), a value, or something that is not an integer.</summary>
    private readonly struct Number
    {
        private readonly long _value;
        private readonly byte _kind;

        private Number(long value, byte kind)
        {
            _value = value;
            _kind = kind;
        }

        public static Number Invalid => new(0, 2);

        public static Number Of(long value) => new(value, 1);

        /// <summary>The value, null when absent; a field that is present but not an integer is the entry's fault.</summary>
        public long? Optional(string name) => _kind switch
        {
            0 => null,
            1 => _value,
            _ => throw new AuditEventFormatException($"The audit entry's '{name}' is not an integer."),
        };

        public long Required(string name) =>
            Optional(name) ?? throw new AuditEventFormatException($"The audit entry has no integer '{name}'.");
    }

    private struct StateFields
    {
        public string? SyncMode;
        public string? Status;
        public string? MetadataJson;
        public Guid? ActiveParticipantId;
        public Number TimePerCycleMs;
        public Number IncrementMs;
        public Number MaxTimeMs;
        public Number CreatedAt;
        public Number StartedAt;
        public Number CompletedAt;
        public Number UpdatedAt;
        public bool HasParticipants;
    }

    private struct ParticipantFields
    {
        public bool IsObject;
        public Guid? Id;
        public Guid? GroupId;
        public Number TotalTimeMs;
        public Number TimeUsedMs;
        public Number CycleCount;
    }
}
