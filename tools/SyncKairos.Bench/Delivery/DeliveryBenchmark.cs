using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.Streams;

namespace SyncKairos.Bench.Delivery;

/// <summary>
/// <c>delivery</c>: how fast a grain's change reaches a subscriber on another silo, by grain observers and by
/// Orleans memory streams (docs/ARCHITECTURE.md, "Fan-out to watchers"). Two silos in this process; N grains on silo A each publish once per round,
/// all at the same moment; one subscriber per grain on silo B records how long the message took.
/// </summary>
internal static class DeliveryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = DeliveryOptions.Parse(args);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        Console.WriteLine(FormattableString.Invariant(
            $"delivery benchmark: {options.Sessions} grains, {options.Rounds} rounds, memory-stream pull period {options.PullPeriod.TotalMilliseconds} ms"));
        await using var cluster = await DeliveryCluster.StartAsync(options.PullPeriod, cts.Token);
        Console.WriteLine("| mechanism | deliveries | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var viaStream in options.Mechanisms)
        {
            var latencies = await MeasureAsync(cluster, options, viaStream, cts.Token);
            Console.WriteLine(FormattableString.Invariant(
                $"| {(viaStream ? "memory stream" : "observer")} | {latencies.Length} | {Ms(latencies, 0.50)} | {Ms(latencies, 0.90)} | {Ms(latencies, 0.99)} | {Ms(latencies, 1.0)} |"));
        }

        return 0;
    }

    private static async Task<long[]> MeasureAsync(DeliveryCluster cluster, DeliveryOptions options, bool viaStream, CancellationToken ct)
    {
        var prefix = (viaStream ? "s" : "o") + Guid.NewGuid().ToString("N")[..6] + "-";
        var keys = Enumerable.Range(0, options.Sessions).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var receiver = new Receiver();
        var handles = new List<StreamSubscriptionHandle<long>>();
        var observer = cluster.Subscriber.CreateObjectReference<IDeliveryProbeObserver>(receiver);
        foreach (var key in keys)
        {
            // Activate on silo A first: PreferLocalPlacement puts the grain where its first caller is.
            await cluster.Publisher.GetGrain<IDeliveryProbeGrain>(key).Publish(0, viaStream: false);
            if (viaStream)
            {
                var stream = cluster.Subscriber.GetStreamProvider(DeliveryCluster.StreamProvider)
                    .GetStream<long>(StreamId.Create(DeliveryCluster.StreamNamespace, key));
                handles.Add(await stream.SubscribeAsync((sent, _) => receiver.Changed(key, sent)));
            }
            else
            {
                await cluster.Subscriber.GetGrain<IDeliveryProbeGrain>(key).Subscribe(observer);
            }
        }

        for (var round = 0; round < options.Warmup + options.Rounds; round++)
        {
            receiver.Reset(keys.Length, record: round >= options.Warmup);
            var sent = Stopwatch.GetTimestamp();
            await Task.WhenAll(keys.Select(k => cluster.Publisher.GetGrain<IDeliveryProbeGrain>(k).Publish(sent, viaStream)));
            if (!await receiver.WaitAsync(TimeSpan.FromSeconds(10), ct))
            {
                throw new TimeoutException($"round {round}: {receiver.Pending} of {keys.Length} deliveries missing after 10 s");
            }

            await Task.Delay(options.Gap, ct);
        }

        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }

        GC.KeepAlive(receiver);
        var result = receiver.Latencies.ToArray();
        Array.Sort(result);
        return result;
    }

    private static string Ms(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return "-";
        }

        var index = Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(quantile * sortedTicks.Length) - 1);
        return (sortedTicks[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture);
    }

    /// <summary>Counts one round's deliveries and keeps their latencies.</summary>
    private sealed class Receiver : IDeliveryProbeObserver
    {
        private int _pending;
        private bool _record;
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<long> Latencies { get; } = [];

        public int Pending => Volatile.Read(ref _pending);

        public void Reset(int expected, bool record)
        {
            _record = record;
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _pending, expected);
        }

        public Task Changed(string key, long sentTimestamp)
        {
            if (sentTimestamp == 0)
            {
                return Task.CompletedTask; // the activation call
            }

            if (_record)
            {
                Latencies.Add(Stopwatch.GetTimestamp() - sentTimestamp);
            }

            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, ct);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
