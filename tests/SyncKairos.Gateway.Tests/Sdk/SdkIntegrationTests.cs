using System.Globalization;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Sdk;

/// <summary>The TypeScript SDK (clients/js, compiled) against real gateways: clock offset, gap recovery, reconnect.</summary>
public sealed class SdkIntegrationTests(RedisFixture redis)
{
    private Dictionary<string, string> Settings => new()
    {
        ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
        ["SyncKairos:WebSockets:PingInterval"] = "00:00:01",
    };

    [Theory]
    [InlineData(-3_600_000.4)]
    [InlineData(86_400_123.7)]
    public async Task OffsetEstimateIsWithin5MsOfAShiftedClientClock(double shiftMs)
    {
        await using var gateway = new GatewayFactory(redis.Endpoint);
        var baseAddress = gateway.StartKestrel();
        await using var peer = NodeScript.Sdk("offset", new Dictionary<string, string>
        {
            ["SYNCKAIROS_BASE_URL"] = baseAddress.ToString().TrimEnd('/'),
            ["SYNCKAIROS_CLOCK_SHIFT_MS"] = shiftMs.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(await peer.WaitForExitAsync() == 0, peer.Output);

        // The client clock is `shift` off the machine's clock, which the gateway reads: offset = −shift.
        foreach (var source in new[] { "http", "ws" })
        {
            var line = peer.Output.Split('\n').Single(l => l.StartsWith($"OFFSET {source} ", StringComparison.Ordinal)).Split(' ');
            var offset = double.Parse(line[2], CultureInfo.InvariantCulture);
            var error = double.Parse(line[4], CultureInfo.InvariantCulture);
            Assert.InRange(offset, -shiftMs - 5, -shiftMs + 5);
            Assert.InRange(error, 0, 5);
        }
    }

    [Fact]
    public async Task LostUpdateIsRecoveredWithASnapshot()
    {
        await using var gateway = new GatewayFactory(redis.Endpoint);
        var baseAddress = gateway.StartKestrel();
        using var client = new HttpClient { BaseAddress = baseAddress };
        var id = NewId();
        await CreateAsync(client, id);
        await using var peer = NodeScript.Sdk("watch", new Dictionary<string, string>
        {
            ["SYNCKAIROS_BASE_URL"] = baseAddress.ToString().TrimEnd('/'),
            ["SYNCKAIROS_SESSION_ID"] = id,
            ["SYNCKAIROS_DROP_VERSION"] = "3",
        });
        await peer.WaitForLineAsync("STATE 1 sync pending");

        await PostAsync(client, $"/v1/sessions/{id}/start");
        await peer.WaitForLineAsync("STATE 2 update running");
        await PostAsync(client, $"/v1/sessions/{id}/switch");
        await peer.WaitForLineAsync("DROPPED 3");
        var fourth = await PostAsync(client, $"/v1/sessions/{id}/switch");
        Assert.Equal(4, fourth.GetProperty("version").GetInt64());

        // Version 4 after 2: the SDK fetches the snapshot instead of trusting a stream with a hole.
        await peer.WaitForLineAsync("GAP 2 4");
        await peer.WaitForLineAsync($"FETCH GET /v1/sessions/{id}");
        await peer.WaitForLineAsync("STATE 4 snapshot running");
        Assert.DoesNotContain("STATE 3", peer.Output, StringComparison.Ordinal);

        using (await client.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken))
        {
        }

        await peer.WaitForLineAsync("DELETED");
        Assert.True(await peer.WaitForExitAsync() == 0, peer.Output);
    }

    [Fact]
    public async Task WatchSendsItsTokenToAGatewayThatRequiresOne()
    {
        await using var gateway = new GatewayFactory(redis.Endpoint, Security.TestTokens.Settings(redis.Endpoint));
        var baseAddress = gateway.StartKestrel();
        using var admin = new HttpClient { BaseAddress = baseAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", Security.TestTokens.Admin());
        var id = NewId();
        await CreateAsync(admin, id);
        await using var peer = NodeScript.Sdk("watch", new Dictionary<string, string>
        {
            ["SYNCKAIROS_BASE_URL"] = baseAddress.ToString().TrimEnd('/'),
            ["SYNCKAIROS_SESSION_ID"] = id,
            ["SYNCKAIROS_TOKEN"] = Security.TestTokens.Reader(),
        });

        // The upgrade is refused (401) without the token, so a sync here proves the socket carried it.
        await peer.WaitForLineAsync("STATE 1 sync pending");
        await PostAsync(admin, $"/v1/sessions/{id}/start");
        await peer.WaitForLineAsync("STATE 2 update running");
        Assert.DoesNotContain("ERROR", peer.Output, StringComparison.Ordinal);
        using (await admin.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken))
        {
        }

        await peer.WaitForLineAsync("DELETED");
        Assert.True(await peer.WaitForExitAsync() == 0, peer.Output);
    }

    [Fact]
    public async Task WatchReconnectsAfterTheGatewayRestartsAndCatchesUp()
    {
        var first = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken);
        var port = first.Port;
        var id = NewId();
        try
        {
            using (var viaFirst = new HttpClient { BaseAddress = first.BaseAddress })
            {
                await CreateAsync(viaFirst, id);
            }

            await using var peer = NodeScript.Sdk("watch", new Dictionary<string, string>
            {
                ["SYNCKAIROS_BASE_URL"] = first.BaseAddress.ToString().TrimEnd('/'),
                ["SYNCKAIROS_SESSION_ID"] = id,
                ["SYNCKAIROS_BACKOFF_MS"] = "250",
            });
            await peer.WaitForLineAsync("STATE 1 sync pending");

            await first.StopAsync(TestContext.Current.CancellationToken);
            await peer.WaitForLineAsync("CONNECTION reconnecting 1");

            // While the watcher is cut off, the session changes through another instance.
            await using (var other = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken))
            {
                using var viaOther = new HttpClient { BaseAddress = other.BaseAddress };
                await PostAsync(viaOther, $"/v1/sessions/{id}/start");
            }

            await first.DisposeAsync();
            first = await GatewayProcess.StartAsync(Settings, port: port, cancellationToken: TestContext.Current.CancellationToken);
            await peer.WaitForLineAsync("CONNECTION connected", TimeSpan.FromSeconds(60));
            await peer.WaitForLineAsync("STATE 2 sync running");

            using var viaRestarted = new HttpClient { BaseAddress = first.BaseAddress };
            await PostAsync(viaRestarted, $"/v1/sessions/{id}/switch");
            await peer.WaitForLineAsync("STATE 3 update running");
            using (await viaRestarted.DeleteAsync($"/v1/sessions/{id}", TestContext.Current.CancellationToken))
            {
            }

            Assert.True(await peer.WaitForExitAsync() == 0, peer.Output);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
