using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Errors;

/// <summary>The inside of <see cref="ErrorEnvelope"/>; <c>details</c> is omitted when there are none.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Details = null);
