using SyncKairos.Bench.Audit;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

switch (args.FirstOrDefault())
{
    case "audit":
        return await AuditDrainBenchmark.RunAsync(args[1..], cancel.Token);
    default:
        Console.WriteLine("usage: SyncKairos.Bench <scenario> [options]; scenarios: audit");
        return 2;
}
