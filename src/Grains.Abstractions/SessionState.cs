using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// The committed state exactly as the session scripts store it (docs/adr/0004): docs/API.md field
/// names, timestamps as epoch milliseconds (absent when unset), no calculated fields,
/// metadata as the client's raw JSON text, plus the scripts' pause bookkeeping.
/// </summary>
[GenerateSerializer]
[Alias("synckairos.SessionState")]
public sealed class SessionState
{
    [Id(0)]
    public string SessionId { get; set; } = "";

    [Id(1)]
    public string SyncMode { get; set; } = SyncModes.PerParticipant;

    [Id(2)]
    public string Status { get; set; } = SessionStatuses.Pending;

    [Id(3)]
    public long Version { get; set; }

    [Id(4)]
    public List<ParticipantState> Participants { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(5)]
    public string? ActiveParticipantId { get; set; }

    [Id(6)]
    public long TotalTimeMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(7)]
    public long? TimePerCycleMs { get; set; }

    [Id(8)]
    public long IncrementMs { get; set; }

    [Id(9)]
    public long DelayMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(10)]
    public long? MaxTimeMs { get; set; }

    [Id(11)]
    public string ExpiryPolicy { get; set; } = ExpiryPolicies.EndSession;

    [Id(12)]
    public long CreatedAt { get; set; }

    [Id(13)]
    public long UpdatedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(14)]
    public long? CycleStartedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(15)]
    public long? SessionStartedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(16)]
    public long? SessionCompletedAt { get; set; }

    /// <summary>When the running clock (or the session's max_time_ms) reaches zero; absent unless running.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(17)]
    public long? DeadlineAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(18)]
    public List<GroupState>? Groups { get; set; }

    /// <summary>The client's metadata object as raw JSON text; Lua never decodes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(19)]
    public string? MetadataJson { get; set; }

    /// <summary>Total time spent paused, which extends a session-level max_time_ms.</summary>
    [Id(20)]
    public long PausedTotalMs { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(21)]
    public long? PausedAt { get; set; }

    /// <summary>While paused: how much of the current turn's delay was already used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(22)]
    public long? PausedDelayUsedMs { get; set; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, SyncKairosJsonContext.Default.SessionState);

    public static SessionState FromJson(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, SyncKairosJsonContext.Default.SessionState)
        ?? throw new FormatException("Session state JSON was null");

    public static SessionState FromJson(ReadOnlySpan<byte> utf8Json) =>
        System.Text.Json.JsonSerializer.Deserialize(utf8Json, SyncKairosJsonContext.Default.SessionState)
        ?? throw new FormatException("Session state JSON was null");
}
