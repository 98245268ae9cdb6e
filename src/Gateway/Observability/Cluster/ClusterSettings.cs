namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary><c>SyncKairos:Cluster</c>: how this instance names itself in <c>GET /v1/cluster</c>.</summary>
public sealed class ClusterSettings
{
    public const string Section = "SyncKairos:Cluster";

    /// <summary>Empty: a new id per process (host name + random suffix).</summary>
    public string InstanceId { get; set; } = string.Empty;
}
