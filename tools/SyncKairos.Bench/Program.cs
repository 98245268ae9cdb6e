using SyncKairos.Bench.Audit;
using SyncKairos.Bench.RedisClient;
using SyncKairos.Bench.Store;

// A small dispatcher: each scenario lives in its own folder and takes the remaining arguments.
var scenarios = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["redis"] = RedisClientBenchmark.RunAsync,
    ["audit"] = AuditDrainBenchmark.RunAsync,
    ["store"] = StoreBenchmark.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.WriteLine($"usage: SyncKairos.Bench <{string.Join("|", scenarios.Keys)}> [options]");
    return args.Length == 0 ? 0 : 2;
}

return await run(args[1..]);
