namespace SyncKairos.Testing;

/// <summary>
/// Settings every test gateway (in-process or <see cref="GatewayProcess"/>) starts with unless a test overrides them:
/// tests share one client IP and hammer single sessions, so the product's rate limits (1000/min, 10 switches/s,
/// WebSocket messages and connections per IP) would throttle them. Tests of the limits themselves set their own.
/// </summary>
public static class TestDefaults
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["SyncKairos:RateLimits:GeneralPerMinute"] = "100000000",
        ["SyncKairos:RateLimits:SwitchPerSecond"] = "1000000",
        ["SyncKairos:RateLimits:WebSocketMessagesPerSecond"] = "1000000",
        ["SyncKairos:RateLimits:WebSocketMessageBurst"] = "1000000",
        ["SyncKairos:RateLimits:WebSocketConnectionsPerIp"] = "1000000",
    };

    /// <summary>
    /// Every gateway is a silo: its own silo-to-silo and client gateway ports, advertised on loopback. With <paramref name="clusterId"/>,
    /// gateways on one Redis form one cluster only when they share it.
    /// </summary>
    public static Dictionary<string, string> Silo(string? clusterId = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["SyncKairos:Silo:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyncKairos:Silo:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),

            // Orleans would advertise the host's first address, which other silos on this machine may not reach.
            ["SyncKairos:Silo:AdvertisedAddress"] = "127.0.0.1",
        };
        if (clusterId is not null)
        {
            settings["SyncKairos:Silo:ClusterId"] = clusterId;
        }

        return settings;
    }
}
