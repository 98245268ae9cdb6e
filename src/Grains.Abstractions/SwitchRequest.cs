using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>The switch body; every field optional.</summary>
public sealed class SwitchRequest
{
    [JsonPropertyName("next_participant_id")]
    public string? NextParticipantId { get; set; }

    [JsonPropertyName("expected_active_participant_id")]
    public string? ExpectedActiveParticipantId { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }
}
