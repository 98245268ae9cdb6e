using System.Diagnostics;
using System.Net.WebSockets;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>connections</c>: ramps WebSocket watchers to a target count at a set connect rate, holds them, and reports
/// the connect rate, failures and the gateway's resident memory per connection.
/// </summary>
public static class ConnectionsScenario
{
    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var target = c.Options.Int("connections", 1000);
        var rate = c.Options.Double("rate", 500);
        var sessionCount = c.Options.Int("sessions", 100);
        var hold = c.Options.Seconds("hold", 5);
        c.Options.ThrowOnUnknown();

        var ids = await c.Api.CreateStartedAsync(sessionCount, 32, 86_400_000, c.Errors, ct);
        var memoryBefore = await GatewayMemory.ReadBytesAsync(c.GatewayPid, c.Api.Http, ct);
        using var invoker = c.CreateInvoker();
        var watchers = new Watcher[target];
        var connectLatency = Latency.NewHistogram();
        var next = -1;
        var connected = 0;
        async Task ConnectOnce(long intended, CancellationToken token)
        {
            var i = Interlocked.Increment(ref next);
            if (i >= target)
            {
                return;
            }

            var watcher = watchers[i] = new Watcher(ids[i % ids.Length]);
            try
            {
                await watcher.ConnectAsync(c.Target, invoker, static (_, _, _) => { }, token);
                connectLatency.RecordLatency(Ticks.Nanoseconds(intended, Stopwatch.GetTimestamp()));
                Interlocked.Increment(ref connected);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
            {
                c.Errors.Add("connect_" + (ex.InnerException ?? ex).GetType().Name);
            }
        }

        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        var ramp = TimeSpan.FromSeconds(target / rate);
        var work = LoadDriver.RunAsync(rate, 0, ramp, ConnectOnce, c.Errors, ct);
        await LiveProgress.RunAsync(c.Console, "connecting", ramp, () => $"{Volatile.Read(ref connected):N0}/{target:N0} connected, {c.Errors.Total:N0} failed", work, ct);
        var rampSeconds = Ticks.Seconds(started, Stopwatch.GetTimestamp());
        await LiveProgress.RunAsync(c.Console, "holding", hold, () => $"{watchers.Count(w => w?.State == WebSocketState.Open):N0} open", Task.Delay(hold, ct), ct);
        var memoryAfter = await GatewayMemory.ReadBytesAsync(c.GatewayPid, c.Api.Http, ct);
        cpu.Report(c.Result.Figures);
        var open = watchers.Count(w => w?.State == WebSocketState.Open);
        foreach (var lost in watchers.Where(w => w?.Failure is not null))
        {
            c.Errors.Add("watcher_lost_" + lost.Failure);
        }

        foreach (var w in watchers)
        {
            w?.Dispose();
        }

        var f = c.Result.Figures;
        f["connections_target"] = target;
        f["connections_made"] = connected;
        f["connections_open_after_hold"] = open;
        f["connect_per_s"] = Math.Round(connected / rampSeconds, 1);
        if (memoryBefore is { } before && memoryAfter is { } after)
        {
            f["gateway_rss_before_mib"] = Math.Round(before / 1048576.0, 1);
            f["gateway_rss_after_mib"] = Math.Round(after / 1048576.0, 1);
            f["gateway_kib_per_connection"] = connected == 0 ? 0 : Math.Round((after - before) / 1024.0 / connected, 2);
        }

        f["client_fd_soft_limit"] = FileDescriptorLimit();
        c.Result.Latencies["connect"] = connectLatency.Summarize();
    }

    /// <summary>This process's open-files soft limit from /proc/self/limits (the runtime raises it to the hard limit at start).</summary>
    private static double FileDescriptorLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: > 3 } && double.TryParse(parts[3], out var soft) ? soft : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
