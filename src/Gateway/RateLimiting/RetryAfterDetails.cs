using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>The <c>details</c> of a 429 (docs/API.md).</summary>
public sealed record RetryAfterDetails([property: JsonPropertyName("retry_after_seconds")] long RetryAfterSeconds);
