using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>One participant of a create body.</summary>
public sealed class ParticipantRequest
{
    [JsonPropertyName("participant_id")]
    public string? ParticipantId { get; set; }

    [JsonPropertyName("participant_index")]
    public long? ParticipantIndex { get; set; }

    [JsonPropertyName("total_time_ms")]
    public long? TotalTimeMs { get; set; }

    [JsonPropertyName("group_id")]
    public string? GroupId { get; set; }
}
