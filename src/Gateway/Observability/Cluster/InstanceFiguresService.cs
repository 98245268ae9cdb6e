using Orleans.Concurrency;
using Orleans.Runtime;

namespace SyncKairos.Gateway.Observability.Cluster;

/// <summary>This silo's <see cref="IInstanceFigures"/>: reads the local <see cref="InstanceFigures"/>.</summary>
[Reentrant]
internal sealed class InstanceFiguresService(GrainId grainId, Orleans.Runtime.Silo silo, ILoggerFactory loggerFactory, InstanceFigures figures)
    : GrainService(grainId, silo, loggerFactory), IInstanceFigures
{
    public Task<InstanceHeartbeat> Report() => Task.FromResult(figures.Report());
}
