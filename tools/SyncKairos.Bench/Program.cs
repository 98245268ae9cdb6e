using SyncKairos.Bench;
using SyncKairos.Bench.Audit;
using SyncKairos.Bench.Delivery;
using SyncKairos.Bench.Engine;
using SyncKairos.Bench.Gateway;

// A small dispatcher: each scenario lives in its own folder and takes the remaining arguments.
var scenarios = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["audit"] = AuditDrainBenchmark.RunAsync,
    ["audit-sqlite"] = SqliteGrowthBenchmark.RunAsync,
    ["grain"] = GrainBenchmark.RunAsync,
    ["delivery"] = DeliveryBenchmark.RunAsync,
};
foreach (var name in GatewayBench.Scenarios.Keys)
{
    scenarios[name] = GatewayBench.Command(name);
}

if (args.Length == 0 || (args.Length == 1 && BenchUsage.Wanted(args)))
{
    Console.WriteLine("usage: SyncKairos.Bench <command> [options]   (SyncKairos.Bench <command> --help for its options)");
    Console.WriteLine("commands: " + string.Join(", ", BenchUsage.Commands));
    return 0;
}

if (BenchUsage.Wanted(args.Skip(1)) && BenchUsage.For(args[0]) is { } help)
{
    Console.Write(help);
    return 0;
}

if (args is ["compare", var first, var second])
{
    Spectre.Console.AnsiConsole.Console.Write(new Spectre.Console.Text(first + " vs " + second + "\n"));
    SyncKairos.Bench.Reporting.ResultConsole.PrintComparison(
        Spectre.Console.AnsiConsole.Console,
        await SyncKairos.Bench.Reporting.ResultFile.ReadAsync(first, CancellationToken.None),
        await SyncKairos.Bench.Reporting.ResultFile.ReadAsync(second, CancellationToken.None),
        Path.GetFileName(second));
    return 0;
}

if (args[0] == "compare")
{
    // Only the two-file form above runs; anything else gets the command's usage rather than "unknown command".
    Console.Error.Write(BenchUsage.For("compare"));
    return 2;
}

if (!scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"unknown command '{args[0]}'; commands: {string.Join(", ", BenchUsage.Commands)}");
    return 2;
}

return await run(args[1..]);
