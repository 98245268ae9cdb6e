using System.Diagnostics;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary><c>switch</c>: N running sessions, random switches for T seconds at fixed concurrency or (with --rate) a fixed arrival rate.</summary>
public static class SwitchScenario
{
    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var sessions = c.Options.Int("sessions", 1000);
        var duration = c.Options.Seconds("seconds", 10);
        var concurrency = c.Options.Int("concurrency", 32);
        var rate = c.Options.Text("rate", null) is { } r ? double.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : (double?)null;
        c.Options.ThrowOnUnknown();

        var ids = await c.Api.CreateStartedAsync(sessions, 32, 86_400_000, c.Errors, ct);
        var latency = new LatencyHistogram();
        var service = new LatencyHistogram();
        long ok = 0;
        async Task SwitchOnce(long intended, CancellationToken token)
        {
            var sent = Stopwatch.GetTimestamp();
            var outcome = await c.Api.SwitchAsync(ids[Random.Shared.Next(ids.Length)], keepBody: false, token);
            var done = Stopwatch.GetTimestamp();
            if (outcome.Ok)
            {
                latency.Record(Ticks.Nanoseconds(intended, done));
                service.Record(Ticks.Nanoseconds(sent, done));
                Interlocked.Increment(ref ok);
            }
            else
            {
                c.Errors.Add(outcome.ErrorCode!);
            }
        }

        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        var work = LoadDriver.RunAsync(rate, concurrency, duration, SwitchOnce, c.Errors, ct);
        await LiveProgress.RunAsync(c.Console, "switch", duration, () => $"{Interlocked.Read(ref ok):N0} ok, {c.Errors.Total:N0} errors", work, ct);
        var seconds = Ticks.Seconds(started, Stopwatch.GetTimestamp());

        cpu.Report(c.Result.Figures);
        c.Result.Figures["sessions"] = ids.Length;
        c.Result.Figures["switches"] = ok;
        c.Result.Figures["switches_per_s"] = Math.Round(ok / seconds, 1);
        c.Result.Latencies["switch"] = latency.Summarize();
        c.Result.Latencies["switch.service_time"] = service.Summarize();
    }
}
