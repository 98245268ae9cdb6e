using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Errors;

/// <summary>The wire error envelope of docs/API.md: <c>{"error":{"code","message","details"?}}</c>.</summary>
public sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);
