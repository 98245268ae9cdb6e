using System.Text.Json.Serialization;

namespace SyncKairos.Gateway.Apis;

/// <summary>The body of <c>GET /v1/time</c> (no <c>data</c> envelope, as in the reference service).</summary>
public sealed record ServerTime(
    [property: JsonPropertyName("timestamp_ms")] long TimestampMs,
    [property: JsonPropertyName("server_version")] string ServerVersion,
    [property: JsonPropertyName("drift_tolerance_ms")] int DriftToleranceMs);
