using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Sessions;

/// <summary>The success envelope of docs/API.md: <c>{"data": ...}</c>.</summary>
public sealed record DataEnvelope<T>([property: JsonPropertyName("data")] T Data);
