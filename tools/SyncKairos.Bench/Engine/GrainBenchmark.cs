using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Silo;

namespace SyncKairos.Bench.Engine;

/// <summary>
/// The engine without a gateway: one silo in this process (the same <c>AddSyncKairosSilo</c> the gateway runs) on
/// the given Redis, N running sessions, C workers switching random sessions through SessionGrain for S seconds.
/// Every switch is acknowledged only after its durable write, so this measures the grain plus its one script per
/// commit. A trimmer stands in for the audit writer so the audit list stays small.
/// </summary>
internal static class GrainBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = GrainBenchmarkOptions.Parse(args);
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var ct = cts.Token;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        using var host = BuildSilo(options.Endpoint, prefix);
        await host.StartAsync(ct);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();

        Console.WriteLine($"grain benchmark on {options.Label} ({options.Endpoint}): {options.Sessions} sessions, {options.Concurrency} workers, {options.Seconds} s");
        var ids = await CreateSessionsAsync(grains, options.Sessions, ct);
        if (options.WarmupSeconds > 0)
        {
            // Tiered JIT: the first tens of thousands of calls run unoptimised code; measure the steady state.
            Console.WriteLine($"warming up for {options.WarmupSeconds} s");
            using var warm = CancellationTokenSource.CreateLinkedTokenSource(ct);
            warm.CancelAfter(TimeSpan.FromSeconds(options.WarmupSeconds));
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(w => WorkAsync(grains, ids, -1 - w, warm.Token)));
        }

        // The silo's connection is not an admin one; the server statistics come over a connection of their own.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options.Endpoint + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await TryAsync(() => server.ConfigResetStatisticsAsync());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var trimmer = TrimAuditAsync(redis.GetDatabase(), prefix + ":audit:0", stop.Token);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        var workers = Enumerable.Range(0, options.Concurrency).Select(w => WorkAsync(grains, ids, w, stop.Token)).ToArray();
        var samples = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await trimmer;

        var all = samples.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(all);
        var errors = samples.Sum(s => s.Errors);
        var serverUs = await ServerMicrosPerScriptAsync(server);
        Console.WriteLine("| server | workers | switches/s | p50 ms | p99 ms | p99.9 ms | silo µs CPU/switch | server µs/script | errors |");
        Console.WriteLine(FormattableString.Invariant(
            $"| {options.Label} | {options.Concurrency} | {all.Length / elapsed.TotalSeconds:N0} | {Percentile(all, 0.50):F3} | {Percentile(all, 0.99):F3} | {Percentile(all, 0.999):F3} | {(all.Length == 0 ? 0 : cpu.TotalMicroseconds / all.Length):F0} | {serverUs} | {errors} |"));

        await CleanUpAsync(redis.GetDatabase(), prefix, ids);
        await host.StopAsync(CancellationToken.None);
        return 0;
    }

    private static IHost BuildSilo(string endpoint, string prefix)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SyncKairos:Redis:ConnectionString"] = endpoint,
            ["SyncKairos:Sessions:KeyPrefix"] = prefix,
            ["SyncKairos:Silo:ClusterId"] = prefix,
            ["SyncKairos:Silo:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["SyncKairos:Silo:GatewayPort"] = "0",
            // The per-session switch budget is a product rule, not engine cost: the workers pick sessions at random.
            ["SyncKairos:RateLimits:Enabled"] = "false",
        });
        builder.AddSyncKairosSilo();
        return builder.Build();
    }

    private static async Task<string[]> CreateSessionsAsync(IGrainFactory grains, int count, CancellationToken ct)
    {
        var ids = new string[count];
        var throttle = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await throttle.WaitAsync(ct);
            try
            {
                var id = Guid.NewGuid().ToString();
                var grain = grains.GetGrain<ISessionGrain>(id);
                Check(await grain.Create(TwoPlayerClock(id)));
                Check(await grain.Start());
                ids[i] = id;
            }
            finally
            {
                throttle.Release();
            }
        }));
        return ids;
    }

    private static CreateSessionRequest TwoPlayerClock(string id) => new()
    {
        SessionId = id,
        SyncMode = SyncModes.PerParticipant,
        TotalTimeMs = Limits.MaxBudgetMs,
        IncrementMs = 1000,
        Participants =
        [
            new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 0, TotalTimeMs = Limits.MaxBudgetMs },
            new ParticipantRequest { ParticipantId = Guid.NewGuid().ToString(), ParticipantIndex = 1, TotalTimeMs = Limits.MaxBudgetMs },
        ],
    };

    private static void Check(SessionReply reply)
    {
        if (reply.Error is { } error)
        {
            throw new InvalidOperationException($"setting up the sessions failed: {error.Code} {error.Message}");
        }
    }

    private static async Task<WorkerSamples> WorkAsync(IGrainFactory grains, string[] ids, int seed, CancellationToken stop)
    {
        await Task.Yield();
        var random = new Random(seed);
        var samples = new WorkerSamples();
        var request = new SwitchRequest();
        while (!stop.IsCancellationRequested)
        {
            var grain = grains.GetGrain<ISessionGrain>(ids[random.Next(ids.Length)]);
            var begin = Stopwatch.GetTimestamp();
            var reply = await grain.Switch(request);
            if (reply.IsError)
            {
                samples.Errors++;
            }
            else
            {
                samples.Latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
        }

        return samples;
    }

    private static async Task TrimAuditAsync(IDatabase db, string auditKey, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await db.ListTrimAsync(auditKey, -1000, -1);
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

    private static async Task CleanUpAsync(IDatabase db, string prefix, string[] ids)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await db.KeyDeleteAsync(chunk.Select(id => (RedisKey)$"{prefix}:{{{id}}}:state").ToArray());
        }

        await db.KeyDeleteAsync([prefix + ":audit:0", prefix + ":deadlines:0"]);
    }

    /// <summary>Redis's own time per script call (INFO commandstats); Garnet keeps none unless started with --commandstats-monitor.</summary>
    private static async Task<string> ServerMicrosPerScriptAsync(IServer server)
    {
        try
        {
            var info = (string?)await server.ExecuteAsync("INFO", "commandstats") ?? "";
            var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
                ?? info.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_eval:", StringComparison.Ordinal));
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private sealed class WorkerSamples
    {
        public List<double> Latencies { get; } = new(1 << 16);

        public int Errors { get; set; }
    }
}
