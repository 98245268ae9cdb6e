using System.Diagnostics;
using SyncKairos.Bench.Reporting;

namespace SyncKairos.Bench.Gateway;

/// <summary>
/// <c>mixed</c>: C workers each run whole session lives — create, start, a mix of switch (60 %), get (25 %) and
/// pause+resume (15 %), complete, delete — for T seconds; latency per operation.
/// </summary>
public static class MixedScenario
{
    private static readonly string[] Operations = ["create", "start", "switch", "get", "pause", "resume", "complete", "delete"];

    public static async Task RunAsync(ScenarioContext c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var duration = c.Options.Seconds("seconds", 10);
        var concurrency = c.Options.Int("concurrency", 16);
        var opsPerSession = c.Options.Int("ops-per-session", 20);
        c.Options.ThrowOnUnknown();

        var histograms = Operations.ToDictionary(o => o, _ => Latency.NewHistogram(), StringComparer.Ordinal);
        var all = Latency.NewHistogram();
        long ok = 0;
        long lives = 0;

        async Task<bool> Timed(string name, Func<Task<ApiOutcome>> call)
        {
            var sent = Stopwatch.GetTimestamp();
            var outcome = await call();
            var elapsed = Ticks.Nanoseconds(sent, Stopwatch.GetTimestamp());
            if (!outcome.Ok)
            {
                c.Errors.Add($"{name}_{outcome.ErrorCode}");
                return false;
            }

            histograms[name].RecordLatency(elapsed);
            all.RecordLatency(elapsed);
            Interlocked.Increment(ref ok);
            return true;
        }

        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        async Task Worker()
        {
            var random = new Random();
            while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
            {
                var id = Guid.NewGuid();
                if (!await Timed("create", () => c.Api.CreateAsync(id, 2 + random.Next(3), 3_600_000, ct)) ||
                    !await Timed("start", () => c.Api.StartAsync(id, keepBody: false, ct)))
                {
                    continue;
                }

                for (var k = 0; k < opsPerSession && Stopwatch.GetTimestamp() < end; k++)
                {
                    var roll = random.NextDouble();
                    if (roll < 0.60)
                    {
                        await Timed("switch", () => c.Api.SwitchAsync(id, keepBody: false, ct));
                    }
                    else if (roll < 0.85)
                    {
                        await Timed("get", () => c.Api.GetAsync(id, ct));
                    }
                    else if (await Timed("pause", () => c.Api.CommandAsync(id, "pause", ct)))
                    {
                        await Timed("resume", () => c.Api.CommandAsync(id, "resume", ct));
                    }
                }

                await Timed("complete", () => c.Api.CommandAsync(id, "complete", ct));
                await Timed("delete", () => c.Api.DeleteAsync(id, ct));
                Interlocked.Increment(ref lives);
            }
        }

        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        var work = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, ct)));
        await LiveProgress.RunAsync(c.Console, "mixed", duration, () => $"{Interlocked.Read(ref ok):N0} ok, {c.Errors.Total:N0} errors", work, ct);
        var seconds = Ticks.Seconds(started, Stopwatch.GetTimestamp());
        cpu.Report(c.Result.Figures);
        c.Result.Figures["requests"] = ok;
        c.Result.Figures["requests_per_s"] = Math.Round(ok / seconds, 1);
        c.Result.Figures["session_lives"] = lives;
        c.Result.Latencies["mixed.all"] = all.Summarize();
        foreach (var (name, histogram) in histograms)
        {
            c.Result.Latencies["mixed." + name] = histogram.Summarize();
        }
    }
}
