using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Apis;

/// <summary>The body of <c>/health</c> and <c>/ready</c>; <c>error</c> only when not ready.</summary>
public sealed record HealthStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
