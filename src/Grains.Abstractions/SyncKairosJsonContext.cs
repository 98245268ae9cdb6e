using System.Text.Json.Serialization;

namespace SyncKairos.Grains.Abstractions;

/// <summary>Source-generated JSON for the stored state, the wire DTOs and the request bodies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(SyncStateDto))]
[JsonSerializable(typeof(SwitchResultDto))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SwitchRequest))]
[JsonSerializable(typeof(FieldError))]
[JsonSerializable(typeof(IReadOnlyList<FieldError>))]
public sealed partial class SyncKairosJsonContext : JsonSerializerContext
{
}
