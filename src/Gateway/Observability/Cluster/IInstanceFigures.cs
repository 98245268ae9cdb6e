using Orleans.Services;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>Runs in every gateway silo: what that silo reports about itself in <c>GET /v1/cluster</c>.</summary>
[Alias("synckairos.IInstanceFigures")]
public interface IInstanceFigures : IGrainService
{
    [Alias("Report")]
    Task<InstanceHeartbeat> Report();
}
