namespace SyncKairos.Grains.Abstractions;

/// <summary>A per_group clock as stored. <see cref="TotalTimeMs"/> is the group's budget remaining at the last commit.</summary>
public sealed class GroupState
{
    public string GroupId { get; set; } = "";

    public long TotalTimeMs { get; set; }

    public long TimeUsedMs { get; set; }

    public bool HasExpired { get; set; }
}
