using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>The switch body; every field optional. Never changed once sent to a grain, so Orleans need not copy it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("synckairos.SwitchRequest")]
public sealed class SwitchRequest
{
    [JsonPropertyName("next_participant_id")]
    [Id(0)]
    public string? NextParticipantId { get; set; }

    [JsonPropertyName("expected_active_participant_id")]
    [Id(1)]
    public string? ExpectedActiveParticipantId { get; set; }

    [JsonPropertyName("request_id")]
    [Id(2)]
    public string? RequestId { get; set; }
}
