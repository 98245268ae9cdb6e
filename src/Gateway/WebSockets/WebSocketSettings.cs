using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>Configuration section <c>SyncKairos:WebSockets</c>; the defaults are docs/API.md's.</summary>
public sealed class WebSocketSettings
{
    public const string Section = "SyncKairos:WebSockets";

    /// <summary>How often the server sends a protocol ping; a client that misses the next one is terminated.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest client frame accepted; bigger ones close the socket with 1009.</summary>
    [Range(64, 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>Messages waiting for one client; a client that falls further behind is closed with 1013.</summary>
    [Range(1, 100_000)]
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
