using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SyncKairos.Audit.Events;
using SyncKairos.Audit.Sinks;

namespace SyncKairos.Bench.Audit;

/// <summary>
/// <c>audit-sqlite [--big-mb 1024] [--events 100000] [--sessions 1000] [--batch 500] [--dir DIR] [--keep]</c>: the
/// SQLite sink's write rate into a fresh file and into one grown to <c>--big-mb</c>, in the same run. The big file is
/// made by one bulk INSERT ... SELECT in one transaction (rows like the writer's: live-traffic order, random session
/// ids, the same state snapshot size), then checkpointed; the timed writes then go through
/// <see cref="SqliteAuditSink.WriteBatchAsync"/> one batch after another, as the writer's single SQLite lock allows.
/// </summary>
public static class SqliteGrowthBenchmark
{
    // The per-row cost of the bulk fill, measured: file bytes per event (row, JSON, four indexes).
    private const int BytesPerEvent = 1150;
    private const int VersionsPerSession = 40;

    public static async Task<int> RunAsync(string[] args)
    {
        var bigMb = Int(args, "--big-mb", 1024);
        var events = Int(args, "--events", 100_000);
        var sessions = Int(args, "--sessions", 1000);
        var batch = Int(args, "--batch", 500);
        var root = Arg(args, "--dir") ?? Path.Combine(Path.GetTempPath(), $"sk-audit-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var fresh = Path.Combine(root, "fresh.db");
            var big = Path.Combine(root, "big.db");
            await new SqliteAuditSink(fresh).EnsureReadyAsync(CancellationToken.None);
            await new SqliteAuditSink(big).EnsureReadyAsync(CancellationToken.None);
            var fill = Stopwatch.StartNew();
            var rows = await FillAsync(big, (long)bigMb * 1024 * 1024 / BytesPerEvent);
            Console.WriteLine($"audit-sqlite: big store {rows:N0} events, {Megabytes(big):N0} MB, made in {fill.Elapsed.TotalSeconds:0.0} s");

            // Warm-up on a scratch file so neither timed store pays for JIT tiering.
            var scratch = Path.Combine(root, "warmup.db");
            await new SqliteAuditSink(scratch).EnsureReadyAsync(CancellationToken.None);
            await WriteAsync(scratch, Traffic(20_000, sessions), batch);

            var traffic = Traffic(events, sessions);
            var freshResult = await WriteAsync(fresh, traffic, batch);
            Report("fresh", fresh, freshResult);
            var bigResult = await WriteAsync(big, Traffic(events, sessions), batch);
            Report("big", big, bigResult);
            Console.WriteLine($"audit-sqlite: big/fresh write rate {bigResult.EventsPerSecond / freshResult.EventsPerSecond:0.00}x, " +
                $"batch p99 {bigResult.P99Ms / freshResult.P99Ms:0.00}x; load average {Reporting.MachineInfo.LoadAverage():0.0}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void Report(string name, string path, WriteResult r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audit-sqlite: {name,-5} {r.Events:N0} events in {r.Seconds:0.00} s = {r.EventsPerSecond:N0} events/s; batch p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms, max {r.MaxMs:0.0} ms; CPU {r.CpuMicrosPerEvent:0.0} µs/event; file {Megabytes(path):N0} MB"));

    private sealed record WriteResult(int Events, double Seconds, double P50Ms, double P99Ms, double MaxMs, double CpuMicrosPerEvent)
    {
        public double EventsPerSecond => Events / Seconds;
    }

    private static async Task<WriteResult> WriteAsync(string path, IReadOnlyList<AuditEvent> traffic, int batch)
    {
        var sink = new SqliteAuditSink(path);
        var latencies = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < traffic.Count; i += batch)
        {
            var chunk = traffic.Skip(i).Take(batch).ToList();
            var started = Stopwatch.GetTimestamp();
            await sink.WriteBatchAsync(chunk, CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        total.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        latencies.Sort();
        return new WriteResult(
            traffic.Count,
            total.Elapsed.TotalSeconds,
            latencies[latencies.Count / 2],
            latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))],
            latencies[^1],
            cpu.TotalMilliseconds * 1000 / traffic.Count);
    }

    /// <summary>Versions 1..n of fresh sessions, interleaved like live traffic, dated now.</summary>
    private static List<AuditEvent> Traffic(int events, int sessions)
    {
        var ids = Enumerable.Range(0, sessions).Select(_ => Guid.NewGuid()).ToArray();
        var players = ids.Select(_ => (Guid.NewGuid().ToString(), Guid.NewGuid().ToString())).ToArray();
        return [.. Enumerable.Range(0, events).Select(i => AuditEventDecoder.Decode(
            Encoding.UTF8.GetBytes(BenchEventJson.Create(ids[i % sessions], (i / sessions) + 1, players[i % sessions]))))];
    }

    /// <summary>One INSERT ... SELECT in one transaction; returns the events stored.</summary>
    private static async Task<long> FillAsync(string path, long events)
    {
        var sessions = Math.Max(1, events / VersionsPerSession);
        var sample = AuditEventDecoder.Decode(Encoding.UTF8.GetBytes(BenchEventJson.Create(Guid.NewGuid(), 1, ("a", "b"))));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -524288;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandTimeout = 0;
            command.CommandText = """
                CREATE TEMP TABLE bench_sessions AS
                    WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j + 1 < $sessions)
                    SELECT j, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
                        || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS sid FROM k;
                WITH RECURSIVE v(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM v WHERE n < $versions)
                INSERT INTO sync_events (event_id, session_id, version, event_type, participant_id, group_id,
                    time_remaining_ms, time_elapsed_ms, cycle_number, occurred_at, state_snapshot, metadata)
                SELECT s.sid || ':' || v.n, s.sid, v.n, 'cycle_switched', s.sid, NULL, 600000 - v.n * 50, v.n * 50, v.n / 2,
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (($versions - v.n) * 60 + s.j % 60) || ' seconds'), $state, NULL
                FROM v CROSS JOIN bench_sessions AS s ORDER BY v.n, s.j;
                INSERT INTO sync_sessions (session_id, sync_mode, increment_ms, created_at, total_cycles, total_participants,
                    last_updated_at, last_version)
                SELECT sid, 'per_participant', 2000, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day'), $versions, 2,
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), $versions FROM bench_sessions;
                DROP TABLE bench_sessions;
                """;
            command.Parameters.AddWithValue("$sessions", sessions);
            command.Parameters.AddWithValue("$versions", VersionsPerSession);
            command.Parameters.AddWithValue("$state", sample.StateJson);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        return sessions * VersionsPerSession;
    }

    private static long Megabytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length) / (1024 * 1024);

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
