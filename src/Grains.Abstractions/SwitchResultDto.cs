using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>docs/API.md's SwitchResult.</summary>
public sealed class SwitchResultDto
{
    public required string SessionId { get; init; }

    public string? ActiveParticipantId { get; init; }

    public string? CycleStartedAt { get; init; }

    public required IReadOnlyList<ParticipantDto> Participants { get; init; }

    public required string Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpiredParticipantId { get; init; }

    public required long Version { get; init; }
}
