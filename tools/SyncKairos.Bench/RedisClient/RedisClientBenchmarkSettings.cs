using System.Globalization;

namespace SyncKairos.Bench.RedisClient;

public sealed record RedisClientBenchmarkSettings(string ConnectionString, int Requests, int Clients, int Pipeline, int ValueSize, int LatencyCalls)
{
    public const string Usage =
        "usage: SyncKairos.Bench redis [--endpoint 127.0.0.1:6379] [--requests 1000000] [--clients 50] [--pipeline 16] [--size 3] [--latency-calls 50000]";

    /// <summary>Defaults mirror redis-benchmark's: 50 clients, 3-byte values; -P 16 as the window.</summary>
    public static RedisClientBenchmarkSettings? Parse(string[] args)
    {
        var settings = new RedisClientBenchmarkSettings("127.0.0.1:6379", 1_000_000, 50, 16, 3, 50_000);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--endpoint" => settings with { ConnectionString = value },
                "--requests" => settings with { Requests = Number(value) },
                "--clients" => settings with { Clients = Number(value) },
                "--pipeline" => settings with { Pipeline = Number(value) },
                "--size" => settings with { ValueSize = Number(value) },
                "--latency-calls" => settings with { LatencyCalls = Number(value) },
                _ => null,
            };
            if (settings is null)
            {
                return null;
            }
        }

        return args.Length % 2 == 0 ? settings : null;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
