using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>Two gateway processes on one Redis: any instance serves any request, and clients may move between them.</summary>
public sealed class MultiInstanceTests(RedisFixture redis)
{
    // The processes of one test form one Orleans cluster; other tests' processes on the shared Redis do not join it.
    private readonly string _cluster = $"multi-{Guid.NewGuid():N}";

    private Dictionary<string, string> Settings => new()
    {
        ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
        ["SyncKairos:WebSockets:PingInterval"] = "00:00:01",
        ["SyncKairos:Silo:ClusterId"] = _cluster,
    };

    [Fact]
    public async Task SwitchThroughOneInstanceReachesClientOnTheOther()
    {
        await using var a = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken);
        await using var b = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken);
        using var viaA = new HttpClient { BaseAddress = a.BaseAddress };
        var id = NewId();
        await CreateAsync(viaA, id);

        await using var onB = await WsClient.ConnectAsync(b.BaseAddress, id);
        Assert.Equal(1, (await onB.WaitForAsync("STATE_SYNC")).Version);
        await PostAsync(viaA, $"/v1/sessions/{id}/start");
        Assert.Equal(2, (await onB.WaitForAsync("STATE_UPDATE")).Version);
        var switched = await PostAsync(viaA, $"/v1/sessions/{id}/switch");
        var update = await onB.WaitForAsync("STATE_UPDATE");
        Assert.Equal(switched.GetProperty("version").GetInt64(), update.Version);
        Assert.Equal(switched.GetProperty("active_participant_id").GetString(), update.Json.GetProperty("state").GetProperty("active_participant_id").GetString());
    }

    [Fact]
    public async Task KillingAnInstanceMidStreamLosesNothingForItsClients()
    {
        var a = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken);
        await using var b = await GatewayProcess.StartAsync(Settings, cancellationToken: TestContext.Current.CancellationToken);
        var clients = new List<WsClient>();
        try
        {
            using var viaB = new HttpClient { BaseAddress = b.BaseAddress };
            var id = NewId();
            await CreateAsync(viaB, id);
            await PostAsync(viaB, $"/v1/sessions/{id}/start");
            for (var i = 0; i < 3; i++)
            {
                var ws = await WsClient.ConnectAsync(a.BaseAddress, id);
                Assert.Equal(2, (await ws.WaitForAsync("STATE_SYNC")).Version);
                clients.Add(ws);
            }

            long last = 2;
            for (var i = 0; i < 5; i++)
            {
                last = (await PostAsync(viaB, $"/v1/sessions/{id}/switch")).GetProperty("version").GetInt64();
            }

            foreach (var ws in clients)
            {
                await ws.WaitForAsync("STATE_UPDATE", where: m => m.GetProperty("state").GetProperty("version").GetInt64() == last);
            }

            // Mid-stream: kill A while switches keep landing through B (503 while the session's grain lived on A and
            // the cluster has not declared A dead yet).
            var killing = a.KillAsync(TestContext.Current.CancellationToken);
            for (var i = 0; i < 5; i++)
            {
                last = (await PostThroughFailoverAsync(viaB, $"/v1/sessions/{id}/switch")).GetProperty("version").GetInt64();
            }

            await killing;
            for (var i = 0; i < clients.Count; i++)
            {
                await clients[i].Closed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                await clients[i].DisposeAsync();
                clients[i] = await WsClient.ConnectAsync(b.BaseAddress, id);
                var sync = await clients[i].WaitForAsync("STATE_SYNC", TimeSpan.FromSeconds(20));
                Assert.Equal(last, sync.Version);
            }

            var final = (await PostAsync(viaB, $"/v1/sessions/{id}/switch")).GetProperty("version").GetInt64();
            Assert.Equal(2 + 11, final);
            foreach (var ws in clients)
            {
                Assert.Equal(final, (await ws.WaitForAsync("STATE_UPDATE")).Version);
            }

            var state = await GetAsync(viaB, $"/v1/sessions/{id}");
            Assert.Equal(final, state.GetProperty("version").GetInt64());
        }
        finally
        {
            foreach (var ws in clients)
            {
                await ws.DisposeAsync();
            }

            await a.DisposeAsync();
        }
    }
}
