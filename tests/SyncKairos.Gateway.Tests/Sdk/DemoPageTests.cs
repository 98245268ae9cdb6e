using System.Globalization;
using System.Net;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Sdk;

/// <summary>The /demo/ page: served from the gateway assembly, and two browsers on one session agree.</summary>
public sealed class DemoPageTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task DemoIsServedWithTheSdkAndUnknownFilesAre404()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = gateway.BaseAddress };
        using (var redirect = await client.GetAsync("/demo", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/demo/", redirect.Headers.Location?.OriginalString);
        }

        using (var page = await client.GetAsync("/demo/", TestContext.Current.CancellationToken))
        {
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("demo.js", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        // The served SDK is the committed copy of the compiled clients/js (kept current by its npm test).
        var served = await client.GetStringAsync("/demo/sdk/watch.js", TestContext.Current.CancellationToken);
        var committed = await File.ReadAllTextAsync(
            Path.Combine(RepoPaths.GatewayProject, "Demo", "wwwroot", "sdk", "watch.js"), TestContext.Current.CancellationToken);
        Assert.Equal(committed, served);

        using var unknown = await client.GetAsync("/demo/nope.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("\"NOT_FOUND\"", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBrowsersOnOneSessionShowTheSameTimeAndBothFlipOnASwitch()
    {
        var shots = Path.Combine(RepoPaths.Root, "TestResults", "demo");
        await using var browser = NodeScript.DemoBrowserTest(new Dictionary<string, string>
        {
            ["SYNCKAIROS_BASE_URL"] = gateway.BaseAddress.ToString(),
            ["SYNCKAIROS_SCREENSHOT_DIR"] = shots,
        });
        var exit = await browser.WaitForExitAsync(TimeSpan.FromSeconds(120));
        var output = browser.Output;
        TestContext.Current.AddAttachment("browser-output", output);
        Assert.True(exit == 0, output);
        Assert.Contains("PASS", output, StringComparison.Ordinal);

        // The second browser's clock runs 5 s fast; both measured their offset and show the same clocks.
        foreach (var prefix in new[] { "AGREE participant 0 worst diff ms ", "AGREE participant 1 worst diff ms " })
        {
            var diff = double.Parse(output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..], CultureInfo.InvariantCulture);
            Assert.InRange(diff, 0, 50);
        }

        foreach (var page in new[] { 1, 2 })
        {
            var file = Path.Combine(shots, $"demo-page-{page}.png");
            Assert.True(File.Exists(file), file);
            TestContext.Current.AddAttachment($"demo-page-{page}.png", await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), "image/png");
        }
    }
}
