using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>A participant as stored. <see cref="TotalTimeMs"/> is the budget remaining at the last commit.</summary>
[GenerateSerializer]
[Alias("synckairos.ParticipantState")]
public sealed class ParticipantState
{
    [Id(0)]
    public string ParticipantId { get; set; } = "";

    [Id(1)]
    public long ParticipantIndex { get; set; }

    [Id(2)]
    public long TotalTimeMs { get; set; }

    [Id(3)]
    public long TimeUsedMs { get; set; }

    [Id(4)]
    public long CycleCount { get; set; }

    [Id(5)]
    public bool HasExpired { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(6)]
    public string? GroupId { get; set; }
}
