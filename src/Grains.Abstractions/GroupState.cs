namespace SyncKairos.Grains.Abstractions;

/// <summary>A per_group clock as stored. <see cref="TotalTimeMs"/> is the group's budget remaining at the last commit.</summary>
[GenerateSerializer]
[Alias("synckairos.GroupState")]
public sealed class GroupState
{
    [Id(0)]
    public string GroupId { get; set; } = "";

    [Id(1)]
    public long TotalTimeMs { get; set; }

    [Id(2)]
    public long TimeUsedMs { get; set; }

    [Id(3)]
    public bool HasExpired { get; set; }
}
