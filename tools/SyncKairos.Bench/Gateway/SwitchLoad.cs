using System.Diagnostics;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// The measured part that <c>switch</c> and <c>grpc-switch</c> share: one call per arrival (open or closed
/// model), each timed from its intended send (coordinated omission) and from its actual send, with live
/// progress and the result figures. Only how a switch is sent differs between the two.
/// </summary>
public static class SwitchLoad
{
    /// <param name="name">The progress title; its latency entries are named after it (<c>-</c> becomes <c>_</c>).</param>
    /// <param name="call">One switch; returns null on success, else the error code to count.</param>
    public static async Task RunAsync(
        ScenarioContext c, string name, double? rate, int concurrency, TimeSpan duration, int sessions,
        Func<CancellationToken, Task<string?>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(call);
        var latency = Latency.NewHistogram();
        var service = Latency.NewHistogram();
        long ok = 0;
        async Task SwitchOnce(long intended, CancellationToken token)
        {
            var sent = Stopwatch.GetTimestamp();
            var error = await call(token);
            var done = Stopwatch.GetTimestamp();
            if (error is null)
            {
                latency.RecordLatency(Ticks.Nanoseconds(intended, done));
                service.RecordLatency(Ticks.Nanoseconds(sent, done));
                Interlocked.Increment(ref ok);
            }
            else
            {
                c.Errors.Add(error);
            }
        }

        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        var work = LoadDriver.RunAsync(rate, concurrency, duration, SwitchOnce, c.Errors, ct);
        await LiveProgress.RunAsync(c.Console, name, duration, () => $"{Interlocked.Read(ref ok):N0} ok, {c.Errors.Total:N0} errors", work, ct);
        var seconds = Ticks.Seconds(started, Stopwatch.GetTimestamp());

        cpu.Report(c.Result.Figures);
        c.Result.Figures["sessions"] = sessions;
        c.Result.Figures["switches"] = ok;
        c.Result.Figures["switches_per_s"] = Math.Round(ok / seconds, 1);
        var key = name.Replace('-', '_');
        c.Result.Latencies[key] = latency.Summarize();
        c.Result.Latencies[key + ".service_time"] = service.Summarize();
    }
}
