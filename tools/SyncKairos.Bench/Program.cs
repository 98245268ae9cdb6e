using SyncKairos.Bench.RedisClient;

// A small dispatcher: each scenario lives in its own folder and takes the remaining arguments.
var scenarios = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["redis"] = RedisClientBenchmark.RunAsync,
    ["store"] = SyncKairos.Bench.Store.StoreBenchmark.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: SyncKairos.Bench <{string.Join("|", scenarios.Keys)}> [options]");
    return args.Length == 0 ? 0 : 2;
}

return await run(args[1..]);
