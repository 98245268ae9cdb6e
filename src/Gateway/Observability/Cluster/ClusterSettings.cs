using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary><c>SyncKairos:Cluster</c>: how often this instance reports itself and how long a report lives.</summary>
public sealed class ClusterSettings
{
    public const string Section = "SyncKairos:Cluster";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A heartbeat older than this is a dead instance (also its key's TTL).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the live-session count (a SCAN over state keys) is refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveCountInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Empty: a new id per process (host name + random suffix).</summary>
    public string InstanceId { get; set; } = string.Empty;
}
