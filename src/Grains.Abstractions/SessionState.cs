using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// The committed state exactly as the session scripts store it (docs/adr/0004): API.md field
/// names, timestamps as epoch milliseconds (absent when unset), no calculated fields,
/// metadata as the client's raw JSON text, plus the scripts' pause bookkeeping.
/// </summary>
public sealed class SessionState
{
    public string SessionId { get; set; } = "";

    public string SyncMode { get; set; } = SyncModes.PerParticipant;

    public string Status { get; set; } = SessionStatuses.Pending;

    public long Version { get; set; }

    public List<ParticipantState> Participants { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActiveParticipantId { get; set; }

    public long TotalTimeMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TimePerCycleMs { get; set; }

    public long IncrementMs { get; set; }

    public long DelayMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaxTimeMs { get; set; }

    public string ExpiryPolicy { get; set; } = ExpiryPolicies.EndSession;

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CycleStartedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SessionStartedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SessionCompletedAt { get; set; }

    /// <summary>When the running clock (or the session's max_time_ms) reaches zero; absent unless running.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DeadlineAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<GroupState>? Groups { get; set; }

    /// <summary>The client's metadata object as raw JSON text; Lua never decodes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MetadataJson { get; set; }

    /// <summary>Total time spent paused, which extends a session-level max_time_ms.</summary>
    public long PausedTotalMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PausedAt { get; set; }

    /// <summary>While paused: how much of the current turn's delay was already used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PausedDelayUsedMs { get; set; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, SyncKairosJsonContext.Default.SessionState);

    public static SessionState FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, SyncKairosJsonContext.Default.SessionState)
        ?? throw new FormatException("Session state JSON was null");

    public static SessionState FromJson(ReadOnlySpan<byte> utf8Json) =>
        System.Text.Json.JsonSerializer.Deserialize(utf8Json, SyncKairosJsonContext.Default.SessionState)
        ?? throw new FormatException("Session state JSON was null");
}
