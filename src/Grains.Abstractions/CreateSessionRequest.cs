using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// The create body. Every property is nullable so that a missing field becomes a field error
/// from <see cref="SessionValidator"/> rather than a binding failure. Unknown fields are ignored.
/// </summary>
public sealed class CreateSessionRequest
{
    [JsonPropertyName("session_id")]
    public string? SessionId { get; set; }

    [JsonPropertyName("sync_mode")]
    public string? SyncMode { get; set; }

    [JsonPropertyName("participants")]
    public List<ParticipantRequest?>? Participants { get; set; }

    [JsonPropertyName("total_time_ms")]
    public long? TotalTimeMs { get; set; }

    [JsonPropertyName("time_per_cycle_ms")]
    public long? TimePerCycleMs { get; set; }

    [JsonPropertyName("max_time_ms")]
    public long? MaxTimeMs { get; set; }

    [JsonPropertyName("increment_ms")]
    public long? IncrementMs { get; set; }

    [JsonPropertyName("delay_ms")]
    public long? DelayMs { get; set; }

    [JsonPropertyName("expiry_policy")]
    public string? ExpiryPolicy { get; set; }

    [JsonPropertyName("metadata")]
    public JsonElement? Metadata { get; set; }
}
