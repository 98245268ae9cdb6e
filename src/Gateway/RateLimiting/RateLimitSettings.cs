using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// Configuration section <c>SyncKairos:RateLimits</c>; defaults are docs/API.md's. The per-session switch limit
/// (<c>SwitchPerSecond</c>, <c>SwitchWindow</c>) of the same section is the session grain's (SwitchRateLimitOptions).
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "SyncKairos:RateLimits";

    /// <summary>Off only for benchmarks of the raw engine; production keeps it on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per client per <see cref="GeneralWindow"/> (the name says minute: the default window).</summary>
    [Range(1, 100_000_000)]
    public int GeneralPerMinute { get; set; } = 1000;

    /// <summary>The general limit's window; shorter only in tests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GeneralWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a check may wait for Redis before the request goes on unchecked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// What a check does when Redis cannot answer in time: <c>true</c> lets the request through unchecked,
    /// <c>false</c> refuses it with 503 SERVICE_UNAVAILABLE (gRPC UNAVAILABLE). See ADR 0019.
    /// </summary>
    public bool FailOpen { get; set; } = true;

    /// <summary>Messages a WebSocket client may send per second, sustained (PING, RECONNECT, anything).</summary>
    [Range(1, 1_000_000)]
    public int WebSocketMessagesPerSecond { get; set; } = 10;

    /// <summary>Messages a WebSocket client may send at once before <see cref="WebSocketMessagesPerSecond"/> applies.</summary>
    [Range(1, 1_000_000)]
    public int WebSocketMessageBurst { get; set; } = 20;

    /// <summary>
    /// Refused messages tolerated (one is forgiven per second) before the socket is closed with 1008.
    /// </summary>
    [Range(1, 1_000_000)]
    public int WebSocketFloodTolerance { get; set; } = 50;

    /// <summary>Open WebSocket connections per client IP on one instance; more are refused with 429.</summary>
    [Range(1, 1_000_000)]
    public int WebSocketConnectionsPerIp { get; set; } = 256;

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> is believed; empty: nobody's.</summary>
    public IList<string> TrustedProxies { get; } = [];
}
