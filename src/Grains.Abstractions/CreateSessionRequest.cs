using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// The create body. Every property is nullable so that a missing field becomes a field error
/// from <see cref="SessionValidator"/> rather than a binding failure. Unknown fields are ignored.
/// </summary>
[GenerateSerializer]
[Alias("synckairos.CreateSessionRequest")]
public sealed class CreateSessionRequest
{
    [JsonPropertyName("session_id")]
    [Id(0)]
    public string? SessionId { get; set; }

    [JsonPropertyName("sync_mode")]
    [Id(1)]
    public string? SyncMode { get; set; }

    [JsonPropertyName("participants")]
    [Id(2)]
    public List<ParticipantRequest?>? Participants { get; set; }

    [JsonPropertyName("total_time_ms")]
    [Id(3)]
    public long? TotalTimeMs { get; set; }

    [JsonPropertyName("time_per_cycle_ms")]
    [Id(4)]
    public long? TimePerCycleMs { get; set; }

    [JsonPropertyName("max_time_ms")]
    [Id(5)]
    public long? MaxTimeMs { get; set; }

    [JsonPropertyName("increment_ms")]
    [Id(6)]
    public long? IncrementMs { get; set; }

    [JsonPropertyName("delay_ms")]
    [Id(7)]
    public long? DelayMs { get; set; }

    [JsonPropertyName("expiry_policy")]
    [Id(8)]
    public string? ExpiryPolicy { get; set; }

    [JsonPropertyName("metadata")]
    [Id(9)]
    public JsonElement? Metadata { get; set; }
}
