using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>A participant as stored. <see cref="TotalTimeMs"/> is the budget remaining at the last commit.</summary>
public sealed class ParticipantState
{
    public string ParticipantId { get; set; } = "";

    public long ParticipantIndex { get; set; }

    public long TotalTimeMs { get; set; }

    public long TimeUsedMs { get; set; }

    public long CycleCount { get; set; }

    public bool HasExpired { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupId { get; set; }
}
