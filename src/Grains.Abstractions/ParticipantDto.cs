using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>docs/API.md's Participant; <see cref="TimeRemainingMs"/> is calculated at response time.</summary>
public sealed class ParticipantDto
{
    public required string ParticipantId { get; init; }

    public required long ParticipantIndex { get; init; }

    public required long TotalTimeMs { get; init; }

    public required long TimeUsedMs { get; init; }

    public required long TimeRemainingMs { get; init; }

    public required long CycleCount { get; init; }

    public required bool IsActive { get; init; }

    public required bool HasExpired { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupId { get; init; }
}
