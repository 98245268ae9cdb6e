return args.FirstOrDefault() switch
{
    "store" => await SyncKairos.Bench.Store.StoreBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("SyncKairos.Bench <command>: store --endpoint host:port [--label name] [--sessions N] [--seconds S] [--concurrency C]");
    return 1;
}
