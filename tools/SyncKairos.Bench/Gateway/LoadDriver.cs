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

        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        var running = 0;
        for (long i = 0; ; i++)
        {
            var intended = start + (long)(i * interval);
            if (intended >= end || ct.IsCancellationRequested)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), intended);
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1), ct);
            }

            while (Stopwatch.GetTimestamp() < intended)
            {
                Thread.Yield();
            }

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

        await Task.WhenAll(inFlight);

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
