using Orleans.Runtime;
using Orleans.Runtime.Services;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>Calls the <see cref="IInstanceFigures"/> of a given silo.</summary>
internal sealed class InstanceFiguresClient(IServiceProvider services) : GrainServiceClient<IInstanceFigures>(services)
{
    public IInstanceFigures On(SiloAddress silo) => GetGrainService(silo);
}
