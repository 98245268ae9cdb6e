namespace SyncKairos.Grains.Abstractions;

/// <summary>docs/API.md's Group (per_group mode); <see cref="TimeRemainingMs"/> is calculated at response time.</summary>
public sealed class GroupDto
{
    public required string GroupId { get; init; }

    public required long TimeUsedMs { get; init; }

    public required long TimeRemainingMs { get; init; }

    public required bool HasExpired { get; init; }
}
