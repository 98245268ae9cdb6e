using System.Diagnostics;
using System.Globalization;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Bench.Store;

/// <summary>
/// Store-level load: creates and starts N sessions, then C concurrent workers switch random sessions
/// for S seconds. Reports switches/s and the client-observed latency of each switch script call.
/// A background trimmer stands in for the audit writer so the audit list does not grow without bound.
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = StoreBenchmarkOptions.Parse(args);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var ct = cts.Token;
        var redisOptions = RedisOptions.Parse(options.Endpoint);
        redisOptions.CommandTimeout = TimeSpan.FromSeconds(30);
        await using var redis = await RedisConnection.ConnectAsync(redisOptions, null, ct);
        var store = new SessionStore(redis, new SessionStoreOptions { KeyPrefix = "bench" + Guid.NewGuid().ToString("N")[..8] }, TimeProvider.System);
        await store.WarmUpAsync(ct);

        Console.WriteLine($"store benchmark on {options.Label} ({options.Endpoint}): {options.Sessions} sessions, {options.Concurrency} workers, {options.Seconds} s");
        var ids = await CreateSessionsAsync(store, options.Sessions, ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var trimmer = TrimAuditAsync(redis, store.AuditListKey(0), stop.Token);
        await TryAsync(() => redis.ExecuteAsync("CONFIG", ["RESETSTAT"], ct));
        var started = Stopwatch.GetTimestamp();
        stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        var workers = Enumerable.Range(0, options.Concurrency).Select(w => WorkAsync(store, ids, w, stop.Token)).ToArray();
        var samples = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await trimmer;

        var all = samples.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(all);
        var errors = samples.Sum(s => s.Errors);
        var serverUs = await ServerMicrosPerScriptAsync(redis, ct);
        Console.WriteLine("| server | workers | switches/s | p50 ms | p99 ms | p99.9 ms | server µs/script | errors |");
        Console.WriteLine(FormattableString.Invariant(
            $"| {options.Label} | {options.Concurrency} | {all.Length / elapsed.TotalSeconds:N0} | {Percentile(all, 0.50):F3} | {Percentile(all, 0.99):F3} | {Percentile(all, 0.999):F3} | {serverUs} | {errors} |"));

        await CleanUpAsync(redis, store, ids, CancellationToken.None);
        return 0;
    }

    private static async Task<string[]> CreateSessionsAsync(SessionStore store, int count, CancellationToken ct)
    {
        var ids = new string[count];
        var throttle = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await throttle.WaitAsync(ct);
            try
            {
                var request = new CreateSessionRequest
                {
                    SessionId = Guid.NewGuid().ToString(),
                    SyncMode = SyncModes.PerParticipant,
                    TotalTimeMs = Limits.MaxBudgetMs,
                    IncrementMs = 1000,
                    Participants =
                    [
                        new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 0, TotalTimeMs = Limits.MaxBudgetMs },
                        new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 1, TotalTimeMs = Limits.MaxBudgetMs },
                    ],
                };
                var state = await store.CreateAsync(request, ct);
                await store.StartAsync(state.SessionId, ct);
                ids[i] = state.SessionId;
            }
            finally
            {
                throttle.Release();
            }
        }));
        return ids;
    }

    private static async Task<WorkerSamples> WorkAsync(SessionStore store, string[] ids, int seed, CancellationToken stop)
    {
        await Task.Yield();
        var random = new Random(seed);
        var samples = new WorkerSamples();
        var request = new SwitchRequest();
        while (!stop.IsCancellationRequested)
        {
            var id = ids[random.Next(ids.Length)];
            var begin = Stopwatch.GetTimestamp();
            try
            {
                await store.SwitchAsync(id, request, CancellationToken.None);
                samples.Latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
            catch (SessionException)
            {
                samples.Errors++;
            }
        }

        return samples;
    }

    private static async Task TrimAuditAsync(RedisConnection redis, string auditKey, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await redis.ExecuteAsync("LTRIM", [auditKey, -1000, -1], CancellationToken.None);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task CleanUpAsync(RedisConnection redis, SessionStore store, string[] ids, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await redis.ExecuteAsync("DEL", chunk.Select(id => (SyncKairos.Redis.Protocol.RedisArg)store.Keys.State(id)).ToArray(), ct);
        }

        await redis.ExecuteAsync("DEL", [store.AuditListKey(0), store.DeadlinesKey(0)], ct);
    }

    /// <summary>Redis's own time per EVALSHA (INFO commandstats); Garnet keeps none unless started with --commandstats-monitor.</summary>
    private static async Task<string> ServerMicrosPerScriptAsync(RedisConnection redis, CancellationToken ct)
    {
        try
        {
            var info = (await redis.ExecuteAsync("INFO", ["commandstats"], ct)).AsString() ?? "";
            var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal));
            var field = line?.Split(',').FirstOrDefault(f => f.StartsWith("usec_per_call=", StringComparison.Ordinal));
            return field is null ? "n/a" : field["usec_per_call=".Length..].Trim();
        }
        catch (RedisServerException)
        {
            return "n/a";
        }
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RedisServerException)
        {
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private sealed class WorkerSamples
    {
        public List<double> Latencies { get; } = new(1 << 16);

        public int Errors { get; set; }
    }
}
