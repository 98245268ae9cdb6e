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
        await SwitchLoad.RunAsync(c, "switch", rate, concurrency, duration, ids.Length, async token =>
        {
            var outcome = await c.Api.SwitchAsync(ids[Random.Shared.Next(ids.Length)], keepBody: false, token);
            return outcome.Ok ? null : outcome.ErrorCode!;
        }, ct);
    }
}
