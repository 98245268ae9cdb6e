using Microsoft.Playwright;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Observability;

/// <summary>
/// The ops dashboard in a real browser (Debian's chromium, headless, driven by Playwright) against a running
/// gateway with traffic: figures appear and move, the session lookup shows a live clock; a screenshot is kept.
/// </summary>
public sealed class DashboardBrowserTests(RedisFixture redis)
{
    public const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardShowsMovingFiguresAndASessionClock()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (./test.sh does)");
        await using var factory = new GatewayFactory(redis.Endpoint, new Dictionary<string, string?>
        {
            // Its own key prefix, so its own audit queue: on the shared Redis another test's gateway may hold
            // the writer lease of the default queue and write this session's events into its own audit file.
            ["SyncKairos:Sessions:KeyPrefix"] = "dash" + Guid.NewGuid().ToString("N")[..8],
        });
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var id = NewId();
        await CreateAsync(client, id);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        await PostAsync(client, $"/v1/sessions/{id}/switch");
        await using var ws = await WsClient.ConnectAsync(address, id);
        await ws.WaitForAsync("STATE_SYNC");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => errors.AddRange(message.Type == "error" ? [message.Text] : []);
        await page.GotoAsync(new Uri(address, "/dashboard/").ToString());

        var wait = new PageWaitForFunctionOptions { Timeout = 20_000 };
        await page.WaitForFunctionAsync("() => /^\\d+$/.test(document.getElementById('m-switch-total').textContent)", null, wait);
        var before = int.Parse(await page.TextContentAsync("#m-switch-total") ?? "x", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            await PostAsync(client, $"/v1/sessions/{id}/switch");
        }

        await page.WaitForFunctionAsync($"() => Number(document.getElementById('m-switch-total').textContent) >= {before + 5}", null, wait);
        await page.WaitForFunctionAsync("() => Number(document.getElementById('m-ws').textContent) >= 1", null, wait);
        await page.WaitForFunctionAsync("() => Number(document.getElementById('m-instances').textContent) >= 1", null, wait);
        await page.WaitForFunctionAsync("() => Number(document.getElementById('m-running').textContent) >= 1", null, wait);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#instances tbody tr').length >= 1", null, wait);

        await page.FillAsync("#session-id", id);
        await page.ClickAsync("#lookup button");
        await page.WaitForFunctionAsync("() => document.getElementById('session-status')?.textContent === 'running'", null, wait);
        var shot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#events li').length >= 3", null, wait);
            var clock = await page.TextContentAsync(".participant.active .clock");

            // The clock is recalculated from server timestamps every frame: it moves without any new event.
            await page.WaitForFunctionAsync($"() => (document.querySelector('.participant.active .clock')?.textContent ?? '{clock}') !== '{clock}'", null, wait);
        }
        finally
        {
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            TestContext.Current.AddAttachment("dashboard.png", await File.ReadAllBytesAsync(shot, Ct), "image/png");
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
