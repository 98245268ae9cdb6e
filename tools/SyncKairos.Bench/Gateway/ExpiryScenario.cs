using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary><c>expiry</c>: sessions with short clocks, each watched; measures when the expiry push arrives relative to the deadline.</summary>
public static class ExpiryScenario
{
    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var sessionCount = c.Options.Int("sessions", 100);
        var clockMs = c.Options.Int("clock-ms", 1000);
        var rate = c.Options.Double("rate", 50);
        c.Options.ThrowOnUnknown();

        // Receipts carry Stopwatch timestamps; one anchor converts them to wall time to compare with deadline_at.
        var wallAnchor = c.Time.GetUtcNow();
        var tickAnchor = Stopwatch.GetTimestamp();
        var deadlines = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var arrivals = new ConcurrentDictionary<Guid, DateTimeOffset>();
        void OnMessage(Watcher watcher, WatcherMessage message, long received)
        {
            if (message.Type == "STATE_UPDATE" && message.Status == "expired")
            {
                arrivals.TryAdd(watcher.SessionId, wallAnchor + Stopwatch.GetElapsedTime(tickAnchor, received));
            }
        }

        using var invoker = c.CreateInvoker();
        var ids = Enumerable.Range(0, sessionCount).Select(_ => Guid.NewGuid()).ToArray();
        var watchers = new List<Watcher>();
        foreach (var id in ids)
        {
            var created = await c.Api.CreateAsync(id, 2, clockMs, ct);
            if (!created.Ok)
            {
                c.Errors.Add("create_" + created.ErrorCode);
                continue;
            }

            var watcher = new Watcher(id);
            watchers.Add(watcher);
            await watcher.ConnectAsync(c.Target, invoker, OnMessage, ct);
        }

        var cpu = new CpuMeter();
        var next = -1;
        async Task StartOnce(long intended, CancellationToken token)
        {
            var i = Interlocked.Increment(ref next);
            if (i >= watchers.Count)
            {
                return;
            }

            var id = watchers[i].SessionId;
            var started = await c.Api.StartAsync(id, keepBody: true, token);
            if (!started.Ok)
            {
                c.Errors.Add("start_" + started.ErrorCode);
                return;
            }

            if (GatewayApi.ReadDataString(started.Body!, "deadline_at") is { } deadline)
            {
                deadlines[id] = DateTimeOffset.Parse(deadline, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            else
            {
                c.Errors.Add("NO_DEADLINE");
            }
        }

        var starting = TimeSpan.FromSeconds(watchers.Count / rate);
        var work = LoadDriver.RunAsync(rate, 0, starting, StartOnce, c.Errors, ct);
        var expected = TimeSpan.FromMilliseconds(clockMs) + starting;
        await LiveProgress.RunAsync(c.Console, "starting", starting, () => $"{deadlines.Count:N0} started, {arrivals.Count:N0} expired", work, ct);
        var waiting = FanoutScenario.WaitUntilAsync(() => arrivals.Count >= deadlines.Count, TimeSpan.FromMilliseconds(clockMs) + TimeSpan.FromSeconds(10), ct);
        await LiveProgress.RunAsync(c.Console, "expiring", expected, () => $"{arrivals.Count:N0}/{deadlines.Count:N0} expired", waiting, ct);
        cpu.Report(c.Result.Figures);
        foreach (var w in watchers)
        {
            w.Dispose();
        }

        var lag = Latency.NewHistogram();
        var early = 0;
        foreach (var (id, deadline) in deadlines)
        {
            if (arrivals.TryGetValue(id, out var arrived))
            {
                var late = arrived - deadline;
                early += late < TimeSpan.Zero ? 1 : 0;
                lag.RecordLatency(late);
            }
        }

        var missing = deadlines.Count - deadlines.Keys.Count(arrivals.ContainsKey);
        if (missing > 0)
        {
            c.Errors.Add("EXPIRY_NOT_PUSHED");
        }

        var f = c.Result.Figures;
        f["sessions"] = deadlines.Count;
        f["expiries_pushed"] = deadlines.Count - missing;
        f["expiries_missing"] = missing;
        f["pushed_before_deadline"] = early;
        c.Result.Latencies["expiry.push_after_deadline"] = lag.Summarize();
    }
}
