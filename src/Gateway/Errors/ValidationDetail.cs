using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Errors;

/// <summary>One entry of a VALIDATION_ERROR's <c>details</c> array.</summary>
public sealed record ValidationDetail(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("code")] string Code);
