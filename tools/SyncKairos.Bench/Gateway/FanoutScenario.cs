using System.Collections.Concurrent;
using System.Diagnostics;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>fanout</c>: S sessions with W WebSocket watchers each; switches at a set rate (one at a time per session,
/// so each switch's version is known before it is sent). Delivery latency is measured from the switch's send
/// time and from its response to every watcher's receipt.
/// </summary>
public static class FanoutScenario
{
    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var sessionCount = c.Options.Int("sessions", 10);
        var watchersPerSession = c.Options.Int("watchers", 100);
        var rate = c.Options.Double("rate", 50);
        var duration = c.Options.Seconds("seconds", 10);
        var connectParallel = c.Options.Int("connect-parallel", 64);
        // Watchers on other instances than the switches (comma-separated, dealt out in turn): the cross-silo path.
        var watchTargets = c.Options.Text("watch-target", c.Target.ToString())!
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => new Uri(t))
            .ToArray();
        c.Options.ThrowOnUnknown();

        var ids = await c.Api.CreateStartedAsync(sessionCount, 32, 86_400_000, c.Errors, ct);
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var timings = new ConcurrentDictionary<(int Session, long Version), SwitchTiming>();
        var receipts = new ConcurrentQueue<(SwitchTiming Timing, long Received)>();
        var fromSend = Latency.NewHistogram();
        var synced = 0;
        long delivered = 0;

        void OnMessage(Watcher watcher, WatcherMessage message, long received)
        {
            if (message.Type == "STATE_SYNC")
            {
                Interlocked.Increment(ref synced);
            }
            else if (message.Type == "STATE_UPDATE" && message.Version is { } version &&
                timings.TryGetValue((index[watcher.SessionId], version), out var timing))
            {
                fromSend.RecordLatency(Ticks.Nanoseconds(timing.SentAt, received));
                receipts.Enqueue((timing, received));
                Interlocked.Increment(ref delivered);
            }
        }

        using var invoker = c.CreateInvoker();
        var watchers = ids.SelectMany(id => Enumerable.Range(0, watchersPerSession).Select(_ => new Watcher(id))).ToArray();
        var targetOf = watchers.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => watchTargets[p.i % watchTargets.Length]);
        var connectStarted = Stopwatch.GetTimestamp();
        var connecting = Parallel.ForEachAsync(watchers, new ParallelOptions { MaxDegreeOfParallelism = connectParallel, CancellationToken = ct }, async (w, token) =>
        {
            try
            {
                await w.ConnectAsync(targetOf[w], invoker, OnMessage, token);
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException)
            {
                c.Errors.Add("connect_" + ex.GetType().Name);
            }
        });
        await LiveProgress.RunAsync(c.Console, "connecting watchers", TimeSpan.FromSeconds(watchers.Length / 500.0), () => $"{Volatile.Read(ref synced):N0}/{watchers.Length:N0} synced", connecting, ct);
        var connectSeconds = Ticks.Seconds(connectStarted, Stopwatch.GetTimestamp());
        var open = watchers.Count(w => w.State == System.Net.WebSockets.WebSocketState.Open);
        await WaitUntilAsync(() => Volatile.Read(ref synced) >= open, TimeSpan.FromSeconds(30), ct);

        var versions = new long[ids.Length];
        Array.Fill(versions, 2);
        var locks = ids.Select(_ => new SemaphoreSlim(1, 1)).ToArray();
        var next = -1;
        long switches = 0;
        long expected = 0;
        var openBySession = watchers.Where(w => w.State == System.Net.WebSockets.WebSocketState.Open).CountBy(w => w.SessionId).ToDictionary();
        var watchersOf = ids.Select(id => openBySession.GetValueOrDefault(id)).ToArray();
        async Task SwitchOnce(long intended, CancellationToken token)
        {
            var s = (int)((uint)Interlocked.Increment(ref next) % (uint)ids.Length);
            await locks[s].WaitAsync(token);
            try
            {
                var timing = new SwitchTiming(Stopwatch.GetTimestamp());
                timings[(s, versions[s] + 1)] = timing;
                var outcome = await c.Api.SwitchAsync(ids[s], keepBody: true, token);
                timing.RespondedAt = Stopwatch.GetTimestamp();
                if (!outcome.Ok)
                {
                    c.Errors.Add(outcome.ErrorCode!);
                    return;
                }

                var version = GatewayApi.ReadDataLong(outcome.Body!, "version") ?? versions[s] + 1;
                if (version != versions[s] + 1)
                {
                    c.Errors.Add("UNEXPECTED_VERSION");
                }

                versions[s] = version;
                Interlocked.Increment(ref switches);
                Interlocked.Add(ref expected, watchersOf[s]);
            }
            finally
            {
                locks[s].Release();
            }
        }

        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        var work = LoadDriver.RunAsync(rate, 0, duration, SwitchOnce, c.Errors, ct);
        await LiveProgress.RunAsync(c.Console, "fanout", duration, () => $"{Interlocked.Read(ref switches):N0} switches, {Interlocked.Read(ref delivered):N0} deliveries", work, ct);
        await WaitUntilAsync(() => Interlocked.Read(ref delivered) >= Interlocked.Read(ref expected), TimeSpan.FromSeconds(10), ct);
        var seconds = Ticks.Seconds(started, Stopwatch.GetTimestamp());
        cpu.Report(c.Result.Figures);

        var fromResponse = Latency.NewHistogram();
        long beforeResponse = 0;
        foreach (var (timing, received) in receipts)
        {
            if (received < timing.RespondedAt)
            {
                beforeResponse++;
            }

            fromResponse.RecordLatency(Ticks.Nanoseconds(timing.RespondedAt, received));
        }

        var dropped = watchers.Count(w => w.Failure is not null || w.State != System.Net.WebSockets.WebSocketState.Open);
        foreach (var lost in watchers.Where(w => w.Failure is not null))
        {
            c.Errors.Add("watcher_lost_" + lost.Failure);
        }
        foreach (var w in watchers)
        {
            w.Dispose();
        }

        var f = c.Result.Figures;
        f["sessions"] = ids.Length;
        f["watchers"] = open;
        f["watchers_connect_per_s"] = Math.Round(open / connectSeconds, 1);
        f["watchers_dropped"] = dropped;
        f["switches"] = switches;
        f["switches_per_s"] = Math.Round(switches / seconds, 1);
        f["deliveries"] = delivered;
        f["deliveries_per_s"] = Math.Round(delivered / seconds, 1);
        f["delivered_share"] = expected == 0 ? 0 : Math.Round((double)delivered / expected, 5);
        f["delivered_before_response"] = beforeResponse;
        c.Result.Latencies["delivery.from_send"] = fromSend.Summarize();
        c.Result.Latencies["delivery.from_response"] = fromResponse.Summarize();
    }

    /// <summary>Polls a condition (the tool waits for in-flight messages, not a test asserting on time).</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(20, ct);
        }
    }

    private sealed class SwitchTiming(long sentAt)
    {
        public long SentAt { get; } = sentAt;

        public long RespondedAt { get; set; } = long.MaxValue;
    }
}
