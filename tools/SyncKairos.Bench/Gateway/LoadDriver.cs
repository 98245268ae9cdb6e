using System.Diagnostics;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// Runs an operation for a duration either at fixed concurrency (closed model) or at a fixed arrival rate
/// (open model). The operation gets the timestamp at which it was meant to start: in the open model that is
/// the schedule, not the moment the client got round to it, so a stalled gateway shows up as latency instead
/// of being hidden by fewer requests (coordinated omission).
/// </summary>
public static class LoadDriver
{
    /// <summary>In the open model, operations beyond this many in flight are not sent and count as CLIENT_BACKLOG.</summary>
    public const int MaxInFlight = 20_000;

    public static async Task RunAsync(
        double? ratePerSecond,
        int concurrency,
        TimeSpan duration,
        Func<long, CancellationToken, Task> operation,
        ErrorCounts errors,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(errors);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (ratePerSecond is not { } rate)
        {
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(
                async () =>
                {
                    while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
                    {
                        await operation(Stopwatch.GetTimestamp(), ct);
                    }
                },
                ct));
            await Task.WhenAll(workers);
            return;
        }

        // The sender runs on its own thread and sleeps between sends (PreciseWait) rather than spinning a core.
        var interval = Stopwatch.Frequency / rate;
        var running = 0;
        var inFlight = new List<Task>();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Thread(() =>
        {
            try
            {
                Send();
            }
            finally
            {
                sent.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "open-model sender",
        };
        sender.Start();
        await sent.Task;
        await Task.WhenAll(inFlight);

        void Send()
        {
            var start = Stopwatch.GetTimestamp();
            for (long i = 0; ; i++)
            {
                var intended = start + (long)(i * interval);
                if (intended >= end || ct.IsCancellationRequested)
                {
                    break;
                }

                PreciseWait.Until(intended);
                if (Volatile.Read(ref running) >= MaxInFlight)
                {
                    errors.Add("CLIENT_BACKLOG");
                    continue;
                }

                Interlocked.Increment(ref running);
                inFlight.Add(RunOneAsync(intended));
                if (inFlight.Count >= 4096)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }
        }

        async Task RunOneAsync(long intended)
        {
            try
            {
                await Task.Yield();
                await operation(intended, ct);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }
    }
}
