using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>One participant of a create body.</summary>
[GenerateSerializer]
[Alias("synckairos.ParticipantRequest")]
public sealed class ParticipantRequest
{
    [JsonPropertyName("participant_id")]
    [Id(0)]
    public string? ParticipantId { get; set; }

    [JsonPropertyName("participant_index")]
    [Id(1)]
    public long? ParticipantIndex { get; set; }

    [JsonPropertyName("total_time_ms")]
    [Id(2)]
    public long? TotalTimeMs { get; set; }

    [JsonPropertyName("group_id")]
    [Id(3)]
    public string? GroupId { get; set; }
}
