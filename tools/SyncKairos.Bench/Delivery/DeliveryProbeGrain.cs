using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Streams;
using Orleans.Utilities;

namespace SyncKairos.Bench.Delivery;

/// <summary>A stand-in for SessionGrain that only publishes: a version and the moment it was sent.</summary>
[Alias("bench.IDeliveryProbeGrain")]
public interface IDeliveryProbeGrain : IGrainWithStringKey
{
    [Alias("Subscribe")]
    Task Subscribe(IDeliveryProbeObserver observer);

    [Alias("Publish")]
    Task Publish(long sentTimestamp, bool viaStream);
}

[Alias("bench.IDeliveryProbeObserver")]
public interface IDeliveryProbeObserver : IGrainObserver
{
    [OneWay]
    [Alias("Changed")]
    Task Changed(string key, long sentTimestamp);
}

/// <summary>Activates on the silo that first calls it (the publishing silo), so every delivery crosses to the other one.</summary>
[PreferLocalPlacement]
public sealed class DeliveryProbeGrain(ILogger<DeliveryProbeGrain> logger) : Grain, IDeliveryProbeGrain
{
    private readonly ObserverManager<IDeliveryProbeObserver> _observers = new(TimeSpan.FromMinutes(5), logger);
    private IAsyncStream<long>? _stream;

    public Task Subscribe(IDeliveryProbeObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public async Task Publish(long sentTimestamp, bool viaStream)
    {
        if (viaStream)
        {
            _stream ??= this.GetStreamProvider(DeliveryCluster.StreamProvider)
                .GetStream<long>(StreamId.Create(DeliveryCluster.StreamNamespace, this.GetPrimaryKeyString()));
            await _stream.OnNextAsync(sentTimestamp);
            return;
        }

        var key = this.GetPrimaryKeyString();
        // One-way calls: Notify completes once each message is queued, never waiting for the subscriber.
        await _observers.Notify(o => o.Changed(key, sentTimestamp));
    }
}
