using System.Diagnostics;
using System.Globalization;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Bench.RedisClient;

/// <summary>
/// `redis` scenario: single-call round-trip latency (one caller, one command at a time) and pipelined
/// throughput of GET and SET (many callers, each with a window of commands in flight), all through one
/// <see cref="RedisConnection"/>. Compare with <c>redis-benchmark -P 16 -t get,set -q</c> on the same server.
/// </summary>
public static class RedisClientBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = RedisClientBenchmarkSettings.Parse(args);
        if (settings is null)
        {
            Console.WriteLine(RedisClientBenchmarkSettings.Usage);
            return 2;
        }

        var options = RedisOptions.Parse(settings.ConnectionString);
        options.CommandTimeout = TimeSpan.FromSeconds(30);
        await using var redis = await RedisConnection.ConnectAsync(options);
        var key = $"bench:{Guid.NewGuid():N}";
        var value = new byte[settings.ValueSize];
        Random.Shared.NextBytes(value);
        await redis.ExecuteAsync("SET", [key, value]);

        Console.WriteLine($"endpoint {options.EndPoint}, value {settings.ValueSize} B, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        await MeasureLatencyAsync(redis, key, settings.LatencyCalls / 10);
        var latency = await MeasureLatencyAsync(redis, key, settings.LatencyCalls);
        Console.WriteLine(
            $"single-call GET round trip: p50 {latency.P50:F1} µs, p90 {latency.P90:F1} µs, p99 {latency.P99:F1} µs, p99.9 {latency.P999:F1} µs, mean {latency.Mean:F1} µs ({settings.LatencyCalls} calls)");

        foreach (var command in new[] { "SET", "GET" })
        {
            await MeasureThroughputAsync(redis, command, key, value, settings with { Requests = settings.Requests / 10 });
            var perSecond = await MeasureThroughputAsync(redis, command, key, value, settings);
            Console.WriteLine(
                $"pipelined {command}: {perSecond.ToString("N0", CultureInfo.InvariantCulture)} requests/s ({settings.Clients} callers x window {settings.Pipeline}, {settings.Requests} requests)");
        }

        await redis.ExecuteAsync("DEL", [key]);
        return 0;
    }

    private static async Task<LatencySummary> MeasureLatencyAsync(RedisConnection redis, string key, int calls)
    {
        var samples = new double[calls];
        RedisArg[] args = [key];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await redis.ExecuteAsync("GET", args);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return LatencySummary.Of(samples);
    }

    private static async Task<double> MeasureThroughputAsync(RedisConnection redis, string command, string key, byte[] value, RedisClientBenchmarkSettings settings)
    {
        RedisArg[] args = command == "SET" ? [key, value] : [key];
        var perClient = settings.Requests / settings.Clients;
        var start = Stopwatch.GetTimestamp();
        var clients = Enumerable.Range(0, settings.Clients).Select(_ => Task.Run(async () =>
        {
            var window = new Task<RespValue>[settings.Pipeline];
            for (var done = 0; done < perClient; done += settings.Pipeline)
            {
                for (var i = 0; i < window.Length; i++)
                {
                    window[i] = redis.ExecuteAsync(command, args);
                }

                foreach (var call in window)
                {
                    await call;
                }
            }
        }));
        await Task.WhenAll(clients);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return perClient / settings.Pipeline * settings.Pipeline * settings.Clients / seconds;
    }
}
