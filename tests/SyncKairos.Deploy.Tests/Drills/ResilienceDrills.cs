using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SyncKairos.Deploy.Tests.Drills;

/// <summary>
/// Fault drills against real processes on loopback (docs/RESILIENCE.md): gateways, redis-server with AOF and a
/// dedicated PostgreSQL, under steady switching load with WebSocket watchers. Seconds-long outages in CI;
/// SYNCKAIROS_DRILL_FULL=1 runs the documented lengths. One class, so the drills never overlap.
/// </summary>
public sealed class ResilienceDrills(DrillPostgres postgres) : IClassFixture<DrillPostgres>
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Drill1_kill_9_one_of_two_gateways_loses_no_acknowledged_switch()
    {
        await using var cluster = await DrillCluster.StartAsync(postgres.Server, gateways: 2);
        var sessions = await CreateSessionsAsync(cluster, 4);
        var watchers = sessions.SelectMany(s => new[] { DrillWatcher.Start(cluster.Addresses, s, 0, cluster.Clock), DrillWatcher.Start(cluster.Addresses, s, 1, cluster.Clock) }).ToList();
        try
        {
            await DrillCluster.WaitUntilAsync(() => watchers.All(w => w.Events.Any(e => e.Type == "STATE_SYNC")), TimeSpan.FromSeconds(15), "every watcher's first STATE_SYNC");
            await using var load = new SwitchLoad(cluster.Addresses, Pace, cluster.Clock);
            load.Start(sessions);
            await DrillCluster.WaitUntilAsync(() => load.Acknowledged.Count >= 20, TimeSpan.FromSeconds(15), "steady load");

            var killedAt = cluster.Clock.Elapsed.TotalMilliseconds;
            await cluster.Gateways[0].KillAsync(TestContext.Current.CancellationToken);
            await DrillCluster.WaitUntilAsync(
                () => sessions.All(s => load.Acknowledged.Count(r => r.SessionId == s && r.EndedAtMs > killedAt + 1000) >= 5),
                TimeSpan.FromSeconds(20), "every session switching on the surviving gateway");
            await load.StopAsync();

            var acknowledged = load.Acknowledged;
            var failover = sessions.Select(s => acknowledged.Where(r => r.SessionId == s && r.EndedAtMs > killedAt).Min(r => r.EndedAtMs) - killedAt).ToList();
            var failed = load.Results.Count(r => r.Status != 200);
            foreach (var session in sessions)
            {
                var acked = acknowledged.Where(r => r.SessionId == session).Max(r => r.Version);
                Assert.True(await cluster.VersionAsync(session, gateway: 1) >= acked, $"Redis lost an acknowledged switch of {session}");
            }

            var finals = new Dictionary<string, long>();
            foreach (var session in sessions)
            {
                finals[session] = await cluster.VersionAsync(session, gateway: 1);
            }

            await DrillCluster.WaitUntilAsync(() => watchers.All(w => w.LatestVersion >= finals[w.SessionId]), TimeSpan.FromSeconds(10), "every watcher at the final version");
            var moved = watchers.Where(w => w.Events.Any(e => e.Connection == 0 && e.Gateway == 0)).ToList();
            // On the new connection the first state is the STATE_SYNC snapshot, unless a newer STATE_UPDATE got there
            // first (the gateway drops a snapshot that is not newer than what the client already has).
            Assert.All(moved, w => Assert.Contains(w.Events, e => e.Connection >= 1 && e.Gateway == 1 && e.Type is "STATE_SYNC" or "STATE_UPDATE"));
            var resync = moved.Select(w => w.Events.First(e => e.Connection >= 1 && e.Type is "STATE_SYNC" or "STATE_UPDATE").AtMs - killedAt).ToList();
            var bySync = moved.Count(w => w.Events.First(e => e.Connection >= 1 && e.Type is "STATE_SYNC" or "STATE_UPDATE").Type == "STATE_SYNC");
            var auditTook = await cluster.AssertAuditCompleteAsync(acknowledged, TimeSpan.FromSeconds(30));

            DrillReport.Line("kill-9", $"{acknowledged.Count} switches acknowledged, {failed} failed attempts (connection refused/reset before failover); "
                + $"first 200 on the other gateway after {DrillStats.Ms(failover.Min())}..{DrillStats.Ms(failover.Max())}; "
                + $"{moved.Count} watchers reconnected to the other gateway and had the state after {DrillStats.Ms(resync.Min())}..{DrillStats.Ms(resync.Max())} ({bySync} by STATE_SYNC first, the rest by a newer STATE_UPDATE); all at the final version; "
                + $"lost 0, doubled 0 (audit complete {DrillStats.Ms(auditTook.TotalMilliseconds)} after load stopped)");
            // Sessions whose grain lived on the killed silo answer 503 until the cluster declares it dead (failure
            // detection: 1 s probes, two missed), then activate on the survivor; a loaded 2-core machine is slower.
            Assert.All(failover, f => Assert.True(f < 15_000, $"failover took {f} ms"));
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task Drill2_redis_restart_fails_fast_and_recovers_with_sessions_intact(string signal)
    {
        await using var cluster = await DrillCluster.StartAsync(postgres.Server, gateways: 1);
        var sessions = await CreateSessionsAsync(cluster, 2);
        var watchers = sessions.Select(s => DrillWatcher.Start(cluster.Addresses, s, 0, cluster.Clock)).ToList();
        try
        {
            await DrillCluster.WaitUntilAsync(() => watchers.All(w => w.Events.Any(e => e.Type == "STATE_SYNC")), TimeSpan.FromSeconds(15), "every watcher's first STATE_SYNC");
            await using var load = new SwitchLoad(cluster.Addresses, Pace, cluster.Clock);
            load.Start(sessions);
            await DrillCluster.WaitUntilAsync(() => load.Acknowledged.Count >= 10, TimeSpan.FromSeconds(15), "steady load");

            if (signal == "KILL")
            {
                await cluster.Redis.KillAsync();
            }
            else
            {
                using (var kill = Process.Start("kill", $"-TERM {cluster.Redis.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)}"))
                {
                    await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
                }

                await DrillCluster.WaitUntilAsync(() => cluster.Redis.ProcessId is null, TimeSpan.FromSeconds(10), "redis-server to shut down");
            }

            // The outage starts when the server is known to be gone (signal delivery can lag on a loaded machine).
            var downAt = cluster.Clock.Elapsed.TotalMilliseconds;

            // The outage itself: hold it for a fixed time while the load keeps hitting the gateway.
            await Task.Delay(DrillStats.Scale(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

            // On a loaded machine one slow request (fail-fast allows 2.5 s) can span that whole hold: keep Redis down
            // until a request sent during the outage has had its answer, so the outage is seen by the load.
            await DrillCluster.WaitUntilAsync(
                () => load.Results.Any(r => r.EndedAtMs - r.DurationMs > downAt),
                TimeSpan.FromSeconds(15),
                "a request sent during the outage to be answered");
            var restartAt = cluster.Clock.Elapsed.TotalMilliseconds;
            await cluster.Redis.StartAsync();
            var upAt = cluster.Clock.Elapsed.TotalMilliseconds;
            await DrillCluster.WaitUntilAsync(() => sessions.All(s => load.Acknowledged.Any(r => r.SessionId == s && r.EndedAtMs > upAt)), TimeSpan.FromSeconds(15), "switches to succeed again");
            await load.StopAsync();

            // Requests sent during the outage wait at most the command timeout for the link, then 503 + Retry-After;
            // one still waiting when Redis returns may complete with 200.
            var during = load.Results.Where(r => r.EndedAtMs - r.DurationMs > downAt && r.EndedAtMs - r.DurationMs < restartAt).ToList();
            Assert.NotEmpty(during);
            Assert.All(during, r => Assert.True((r.Status == 503 && r.RetryAfter) || (r.Status == 200 && r.EndedAtMs > restartAt), $"during the outage: {r.Status}, Retry-After {r.RetryAfter}"));
            var recovery = sessions.Max(s => load.Acknowledged.Where(r => r.SessionId == s && r.EndedAtMs > upAt).Min(r => r.EndedAtMs)) - upAt;

            foreach (var session in sessions)
            {
                var acked = load.Acknowledged.Where(r => r.SessionId == session).Max(r => r.Version);
                Assert.True(await cluster.VersionAsync(session) >= acked, $"session {session} lost acknowledged switches across the restart");
            }

            // Pub/sub lost what was published during the outage: every watcher must be brought back to the final
            // version, by the hub's STATE_SYNC after the subscriber reconnects (or a newer STATE_UPDATE that beat it).
            var finals = new Dictionary<string, long>();
            foreach (var session in sessions)
            {
                finals[session] = await cluster.VersionAsync(session);
            }

            try
            {
                await DrillCluster.WaitUntilAsync(() => watchers.All(w => w.LatestVersion >= finals[w.SessionId]), TimeSpan.FromSeconds(15), "every watcher at the final version after Redis returned");
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                var seen = string.Join("; ", watchers.Select(w => string.Join(", ", w.Events.TakeLast(5).Select(e => $"{e.Type}@{e.AtMs:F0}/c{e.Connection}/v{e.Version}"))));
                throw new Xunit.Sdk.XunitException($"{ex.Message} (outage {downAt:F0}..{restartAt:F0} ms; watchers' last messages: {seen})\n{cluster.Gateways[0].Output}");
            }

            var resync = watchers.Select(w => w.Events.First(e => e.AtMs > restartAt && e.Type is "STATE_SYNC" or "STATE_UPDATE").AtMs - upAt).ToList();
            var bySync = watchers.Count(w => w.Events.Any(e => e.AtMs > restartAt && e.Type == "STATE_SYNC"));
            var auditTook = await cluster.AssertAuditCompleteAsync(load.Acknowledged, TimeSpan.FromSeconds(30));

            DrillReport.Line($"redis-{signal}", $"outage {DrillStats.Ms(restartAt - downAt)}: {during.Count} requests sent, {during.Count(r => r.Status == 503)} × 503 + Retry-After, {during.Count(r => r.Status == 200)} × 200 after Redis returned, "
                + $"p99 {DrillStats.Ms(DrillStats.Percentile(during.Select(r => r.DurationMs), 99))}, max {DrillStats.Ms(during.Max(r => r.DurationMs))}; "
                + $"every session switching again {DrillStats.Ms(recovery)} after Redis answered PING; watchers had the state again after {DrillStats.Ms(resync.Min())}..{DrillStats.Ms(resync.Max())} ({bySync}/{watchers.Count} got a STATE_SYNC); "
                + $"{load.Acknowledged.Count} acknowledged, 0 lost (audit complete after {DrillStats.Ms(auditTook.TotalMilliseconds)})");
            Assert.True(during.Max(r => r.DurationMs) < 2500, "requests during the outage fail fast");
            Assert.True(recovery < 1000, $"recovery took {recovery} ms (target: serving within 1 s of Redis returning)");
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Drill3_postgres_down_leaves_switches_alone_and_the_audit_drains_after()
    {
        await using var cluster = await DrillCluster.StartAsync(postgres.Server, gateways: 1);
        var sessions = await CreateSessionsAsync(cluster, 4);
        await using var load = new SwitchLoad(cluster.Addresses, TimeSpan.FromMilliseconds(10), cluster.Clock);
        load.Start(sessions);
        var window = DrillStats.Scale(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));

        // Baseline and outage are fixed measurement windows of the same length.
        await Task.Delay(DrillStats.Scale(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20)), TestContext.Current.CancellationToken);
        var baselineEnd = cluster.Clock.Elapsed.TotalMilliseconds;
        var queueAtStop = await cluster.AuditQueueLengthAsync();
        await postgres.Server.StopAsync(TestContext.Current.CancellationToken);

        // The outage window opens once PostgreSQL is down: its own shutdown (checkpoint, fsync) competes for this
        // machine's two cores, which is not what the drill measures.
        var stopAt = cluster.Clock.Elapsed.TotalMilliseconds;
        long maxQueue;
        double startAt;
        try
        {
            maxQueue = queueAtStop;
            var until = Stopwatch.StartNew();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (until.Elapsed < window)
            {
                await timer.WaitForNextTickAsync(TestContext.Current.CancellationToken);
                maxQueue = Math.Max(maxQueue, await cluster.AuditQueueLengthAsync());
            }
        }
        finally
        {
            startAt = cluster.Clock.Elapsed.TotalMilliseconds;
            await postgres.Server.StartAsync(CancellationToken.None);
        }

        var drained = await DrillCluster.WaitUntilAsync(async () => await cluster.AuditQueueLengthAsync() == 0, TimeSpan.FromSeconds(60), "the audit queue to drain");
        await load.StopAsync();
        var results = load.Results;
        var baseline = results.Where(r => r.EndedAtMs - r.DurationMs > 300 && r.EndedAtMs < baselineEnd).ToList();
        var outage = results.Where(r => r.EndedAtMs - r.DurationMs > stopAt && r.EndedAtMs < startAt).ToList();
        Assert.All(outage, r => Assert.Equal(200, r.Status));
        var auditTook = await cluster.AssertAuditCompleteAsync(load.Acknowledged, TimeSpan.FromSeconds(60));

        var p99Before = DrillStats.Percentile(baseline.Select(r => r.DurationMs), 99);
        var p99During = DrillStats.Percentile(outage.Select(r => r.DurationMs), 99);
        DrillReport.Line("postgres-down", $"PostgreSQL down {DrillStats.Ms(startAt - stopAt)}: switch p50/p99 before {DrillStats.Ms(DrillStats.Percentile(baseline.Select(r => r.DurationMs), 50))}/{DrillStats.Ms(p99Before)} "
            + $"({baseline.Count}), during {DrillStats.Ms(DrillStats.Percentile(outage.Select(r => r.DurationMs), 50))}/{DrillStats.Ms(p99During)} ({outage.Count}), all 200; "
            + $"audit queue {queueAtStop} → max {maxQueue}, drained {DrillStats.Ms(drained.TotalMilliseconds)} after PostgreSQL returned; "
            + $"{load.Acknowledged.Count} acknowledged, 0 lost, 0 doubled (checked {DrillStats.Ms(auditTook.TotalMilliseconds)} after)");
        Assert.True(maxQueue > queueAtStop + 10, $"the audit queue should grow while PostgreSQL is down ({queueAtStop} → {maxQueue})");
        Assert.True(p99During <= (p99Before * 3) + 25, $"switch p99 {p99During} ms during the outage vs {p99Before} ms before");
    }

    [Fact]
    public async Task Drill4_redis_paused_bounds_timeouts_keeps_health_prompt_and_recovers()
    {
        await using var cluster = await DrillCluster.StartAsync(postgres.Server, gateways: 1);
        var sessions = await CreateSessionsAsync(cluster, 2);
        var watchers = sessions.Select(s => DrillWatcher.Start(cluster.Addresses, s, 0, cluster.Clock)).ToList();
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var probes = new List<(double At, double Ms, int Status)>();
        using var stopProbes = new CancellationTokenSource();
        var prober = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (!stopProbes.IsCancellationRequested)
            {
                try
                {
                    await timer.WaitForNextTickAsync(stopProbes.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var watch = Stopwatch.StartNew();
                using var response = await health.GetAsync(new Uri(cluster.Addresses[0], "/health"), TestContext.Current.CancellationToken);
                lock (probes)
                {
                    probes.Add((cluster.Clock.Elapsed.TotalMilliseconds, watch.Elapsed.TotalMilliseconds, (int)response.StatusCode));
                }
            }
        }, TestContext.Current.CancellationToken);
        try
        {
            await using var load = new SwitchLoad(cluster.Addresses, Pace, cluster.Clock);
            load.Start(sessions);
            await DrillCluster.WaitUntilAsync(() => load.Acknowledged.Count >= 10, TimeSpan.FromSeconds(15), "steady load");

            var pauseAt = cluster.Clock.Elapsed.TotalMilliseconds;
            cluster.Redis.Suspend();
            try
            {
                // The stall itself: Redis is frozen for a fixed time.
                await Task.Delay(DrillStats.Scale(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)), TestContext.Current.CancellationToken);
            }
            finally
            {
                cluster.Redis.Resume();
            }

            var resumeAt = cluster.Clock.Elapsed.TotalMilliseconds;
            await DrillCluster.WaitUntilAsync(() => sessions.All(s => load.Acknowledged.Any(r => r.SessionId == s && r.EndedAtMs - r.DurationMs > resumeAt)), TimeSpan.FromSeconds(15), "switches to succeed after the stall");
            await load.StopAsync();
            await stopProbes.CancelAsync();
            await prober;

            // Every attempt that was in flight at any moment of the stall.
            var stalled = load.Results.Where(r => r.EndedAtMs > pauseAt && r.EndedAtMs - r.DurationMs < resumeAt).ToList();
            var recovery = sessions.Max(s => load.Acknowledged.Where(r => r.SessionId == s && r.EndedAtMs - r.DurationMs > resumeAt).Min(r => r.EndedAtMs)) - resumeAt;
            List<(double At, double Ms, int Status)> during;
            lock (probes)
            {
                during = [.. probes.Where(p => p.At > pauseAt && p.At - p.Ms < resumeAt)];
            }

            foreach (var session in sessions)
            {
                var acked = load.Acknowledged.Where(r => r.SessionId == session).Max(r => r.Version);
                Assert.True(await cluster.VersionAsync(session) >= acked, $"session {session} lost acknowledged switches");
            }

            var finals = new Dictionary<string, long>();
            foreach (var session in sessions)
            {
                finals[session] = await cluster.VersionAsync(session);
            }

            await DrillCluster.WaitUntilAsync(() => watchers.All(w => w.LatestVersion >= finals[w.SessionId]), TimeSpan.FromSeconds(15), "watchers at the final version");
            var auditTook = await cluster.AssertAuditCompleteAsync(load.Acknowledged, TimeSpan.FromSeconds(30));

            DrillReport.Line("redis-sigstop", $"Redis stopped {DrillStats.Ms(resumeAt - pauseAt)}: {stalled.Count} switches in flight meanwhile, statuses "
                + string.Join(", ", stalled.GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}"))
                + $", longest {DrillStats.Ms(stalled.DefaultIfEmpty().Max(r => r?.DurationMs ?? 0))}; /health during the stall: {during.Count} probes, p99 "
                + $"{DrillStats.Ms(DrillStats.Percentile(during.Select(p => p.Ms), 99))}, max {DrillStats.Ms(during.DefaultIfEmpty().Max(p => p.Ms))}; "
                + $"every session switching {DrillStats.Ms(recovery)} after SIGCONT; 0 lost (audit complete after {DrillStats.Ms(auditTook.TotalMilliseconds)})");
            Assert.NotEmpty(stalled);
            Assert.All(stalled, r => Assert.True(r.Status is 200 or 503 && r.DurationMs < 3000, $"a stalled switch: {r.Status} after {r.DurationMs} ms"));
            Assert.NotEmpty(during);
            Assert.All(during, p => Assert.True(p.Status == 200 && p.Ms < 1000, $"/health took {p.Ms} ms ({p.Status}) during the stall"));
        }
        finally
        {
            await stopProbes.CancelAsync();
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Drill5_slow_websocket_consumer_is_closed_1013_and_others_get_every_update()
    {
        await using var cluster = await DrillCluster.StartAsync(postgres.Server, gateways: 1,
            new Dictionary<string, string>
            {
                ["SyncKairos:WebSockets:SendQueueCapacity"] = "4",
                // A client that reads nothing also answers no pings: with the default 5 s keep-alive, a slow run
                // (a loaded machine) aborts it before its queue fills, and the queue bound would go untested.
                ["SyncKairos:WebSockets:PingInterval"] = "00:05:00",
            });

        // 1,000 participants make every update ~200 KB, so a non-reading client backs up within a few MB.
        var session = await cluster.CreateRunningSessionAsync(participants: 1000);
        await using var watcher = DrillWatcher.Start(cluster.Addresses, session, 0, cluster.Clock);
        using var slow = await SlowWebSocketPeer.ConnectAsync(cluster.Addresses[0], session);
        await DrillCluster.WaitUntilAsync(() => watcher.Events.Any(e => e.Type == "STATE_SYNC"), TimeSpan.FromSeconds(15), "the watcher's STATE_SYNC");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var acked = new List<(long Version, double AtMs)>();
        var closedAfter = -1;
        for (var i = 0; i < 400 && (closedAfter < 0 || i < closedAfter + 20); i++)
        {
            using var response = await http.PostAsync(new Uri(cluster.Addresses[0], $"/v1/sessions/{session}/switch"), null, TestContext.Current.CancellationToken);
            Assert.Equal(200, (int)response.StatusCode);
            var data = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("data");
            acked.Add((data.GetProperty("version").GetInt64(), cluster.Clock.Elapsed.TotalMilliseconds));
            if (closedAfter < 0 && cluster.Gateways[0].Output.Contains("closing it with 1013", StringComparison.Ordinal))
            {
                closedAfter = i;
            }
        }

        Assert.True(closedAfter >= 0, "the gateway never closed the slow consumer:\n" + cluster.Gateways[0].Output);
        var (closeCode, frames) = await slow.DrainAsync(TimeSpan.FromSeconds(20));

        await DrillCluster.WaitUntilAsync(() => watcher.LatestVersion >= acked[^1].Version, TimeSpan.FromSeconds(20), "the healthy watcher to see every update");
        var updates = watcher.Events.Where(e => e.Type == "STATE_UPDATE").ToDictionary(e => e.Version, e => e.AtMs);
        var missing = acked.Where(a => !updates.ContainsKey(a.Version)).Select(a => a.Version).ToList();
        Assert.Empty(missing);
        var delivery = acked.Select(a => updates[a.Version] - a.AtMs).ToList();
        DrillReport.Line("slow-consumer", $"slow client closed after {closedAfter + 1} updates of ~200 KB (queue bound 4), close code seen by the client: "
            + $"{(closeCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "none (connection aborted)")} after {frames} frames; "
            + $"healthy watcher got all {acked.Count} updates, delivery after the REST answer p50 {DrillStats.Ms(DrillStats.Percentile(delivery, 50))}, "
            + $"p99 {DrillStats.Ms(DrillStats.Percentile(delivery, 99))}");
        Assert.True(closeCode is null or 1013, $"close code {closeCode}");
    }

    private static async Task<List<string>> CreateSessionsAsync(DrillCluster cluster, int count)
    {
        var sessions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            sessions.Add(await cluster.CreateRunningSessionAsync());
        }

        return sessions;
    }
}
