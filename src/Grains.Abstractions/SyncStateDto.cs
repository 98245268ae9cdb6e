using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>docs/API.md's SyncState as sent on the wire; built by <see cref="SessionView.At"/>.</summary>
public sealed class SyncStateDto
{
    public required string SessionId { get; init; }

    public required string SyncMode { get; init; }

    public required string Status { get; init; }

    public required long Version { get; init; }

    public required IReadOnlyList<ParticipantDto> Participants { get; init; }

    public string? ActiveParticipantId { get; init; }

    public required long TotalTimeMs { get; init; }

    public long? TimePerCycleMs { get; init; }

    public string? CycleStartedAt { get; init; }

    public string? SessionStartedAt { get; init; }

    public string? SessionCompletedAt { get; init; }

    public required long IncrementMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaxTimeMs { get; init; }

    public required string CreatedAt { get; init; }

    public required string UpdatedAt { get; init; }

    public required long DelayMs { get; init; }

    public required string ExpiryPolicy { get; init; }

    public string? DeadlineAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<GroupDto>? Groups { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Metadata { get; init; }
}
