using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StackExchange.Redis;
using SyncKairos.Audit;
using SyncKairos.Audit.Migrations;
using SyncKairos.Audit.Sinks;
using SyncKairos.Audit.Writing;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Audit;

/// <summary>
/// <c>audit --redis HOST:PORT --postgres CONNSTR [--events 100000] [--sessions 1000] [--batch 500] [--concurrency 3] [--warmup 50000]</c>:
/// pre-fills an audit list, then times the writer draining it into a fresh PostgreSQL database.
/// </summary>
public static class AuditDrainBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        return await RunAsync(args, cancel.Token);
    }

    private static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var redisEndpoint = Arg(args, "--redis") ?? "127.0.0.1:6379";
        var postgres = Arg(args, "--postgres") ?? Environment.GetEnvironmentVariable("SYNCKAIROS_TEST_POSTGRES");
        if (string.IsNullOrEmpty(postgres))
        {
            Console.Error.WriteLine("audit: give --postgres \"Host=...;Username=...;Database=postgres\" (or SYNCKAIROS_TEST_POSTGRES).");
            return 2;
        }

        var events = int.Parse(Arg(args, "--events") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
        var sessions = int.Parse(Arg(args, "--sessions") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        var batch = int.Parse(Arg(args, "--batch") ?? "500", System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg(args, "--concurrency") ?? new AuditOptions().WriteConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        var warmup = int.Parse(Arg(args, "--warmup") ?? "50000", System.Globalization.CultureInfo.InvariantCulture);

        var database = $"sk_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(postgres, $"CREATE DATABASE {database}", cancellationToken);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ToString();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new MigrationRunner(dataSource).RunAsync(cancellationToken);
            await using var redis = await ConnectionMultiplexer.ConnectAsync(redisEndpoint).WaitAsync(cancellationToken);

            // Warm-up on its own list: a gateway runs for days, so what counts is the writer's steady state. Methods
            // called once per batch reach optimised (tier-1) code only after ~30 calls plus the tiering delay, so 10,000
            // events (20 batches) left most of the read/decode/COPY path on tier-0 code for the timed drain.
            if (warmup > 0)
            {
                await DrainAsync(redis, dataSource, warmup, sessions, batch, concurrency, report: false, cancellationToken);
            }

            var (stored, left) = await DrainAsync(redis, dataSource, events, sessions, batch, concurrency, report: true, cancellationToken);
            return stored == events && left == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task<(long Stored, long Left)> DrainAsync(
        ConnectionMultiplexer redis, NpgsqlDataSource dataSource, int events, int sessions, int batch, int concurrency, bool report,
        CancellationToken cancellationToken)
    {
        var options = new AuditOptions { KeyPrefix = $"bench{Guid.NewGuid():N}:", BatchSize = batch, WriteConcurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(5) };
        var filled = Stopwatch.StartNew();
        await FillAsync(redis.GetDatabase(), options.QueueKey(0), events, sessions, cancellationToken);
        if (report)
        {
            Console.WriteLine($"audit: queued {events:N0} events for {sessions:N0} sessions in {filled.Elapsed.TotalSeconds:0.00} s");
        }

        await using (var before = dataSource.CreateCommand("SELECT count(*) FROM sync_events"))
        {
            var existing = (long)(await before.ExecuteScalarAsync(cancellationToken))!;
            using var metrics = new AuditMetrics();
            using var writer = new AuditWriter(redis, new PostgresAuditSink(dataSource, null), options, metrics, TimeProvider.System, NullLogger<AuditWriter>.Instance);
            var server = report ? await PostgresCpu.FindAsync(dataSource, cancellationToken) : null;
            var serverBefore = server?.Total();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var drain = Stopwatch.StartNew();
            await writer.StartAsync(cancellationToken);
            while (metrics.EventsWritten < events)
            {
                await Task.Delay(5, cancellationToken);
            }

            drain.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var serverCpu = server?.Total() - serverBefore;
            await writer.StopAsync(cancellationToken);
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM sync_events");
            var stored = (long)(await count.ExecuteScalarAsync(cancellationToken))! - existing;
            var left = await redis.GetDatabase().ListLengthAsync(options.QueueKey(0)).WaitAsync(cancellationToken);
            if (report)
            {
                Console.WriteLine($"audit: drained {stored:N0} events (batch {batch}, {concurrency} in flight) in {drain.Elapsed.TotalSeconds:0.00} s = " +
                    $"{stored / drain.Elapsed.TotalSeconds:N0} events/s; writer CPU {cpu.TotalSeconds:0.00} s " +
                    $"({cpu.TotalMilliseconds * 1000 / Math.Max(1, stored):0.0} µs/event); left in queue: {left}");
                Console.WriteLine(serverCpu is { } pg
                    ? $"audit: PostgreSQL CPU {pg.TotalSeconds:0.00} s ({pg.TotalMilliseconds * 1000 / Math.Max(1, stored):0.0} µs/event); load average {MachineInfo.LoadAverage():0.0}"
                    : $"audit: PostgreSQL CPU not measured (server not local or /proc unreadable); load average {MachineInfo.LoadAverage():0.0}");
            }

            return (stored, left);
        }
    }

    private static async Task FillAsync(IDatabase redis, string key, int events, int sessions, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, sessions).Select(_ => Guid.NewGuid()).ToArray();
        var players = ids.Select(_ => (Guid.NewGuid().ToString(), Guid.NewGuid().ToString())).ToArray();
        var chunk = new List<RedisValue>(1000);
        for (var i = 0; i < events; i++)
        {
            var s = i % sessions;
            chunk.Add(BenchEventJson.Create(ids[s], i / sessions + 1, players[s]));
            if (chunk.Count == 1000 || i == events - 1)
            {
                await redis.ListRightPushAsync(key, [.. chunk]).WaitAsync(cancellationToken);
                chunk.Clear();
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
