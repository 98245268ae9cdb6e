using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Testing;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>
/// Redis going away under a running gateway: requests fail fast with 503 (never hang), and when Redis is back
/// the gateway recovers by itself and every WebSocket watcher gets a fresh STATE_SYNC. Each test owns its Redis.
/// </summary>
public sealed class RedisOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RestartedRedisLeavesWatchersSubscribedAndUpdatesKeepFlowing()
    {
        // Persistent, so the session survives the restart as it would in production.
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis, "--appendonly", "yes", "--appendfsync", "always");
        await using var factory = new GatewayFactory(redis.Endpoint);
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var id = NewId();
        await CreateAsync(client, id);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        await using var ws = await WsClient.ConnectAsync(address, id);
        Assert.Equal(2, (await ws.WaitForAsync("STATE_SYNC")).Version);

        await redis.KillAsync();
        await redis.StartAsync();

        // The grain pushes to its observers without Redis: nothing is lost while Redis is away, only the next
        // write has to wait for the storage connection to come back (503 until then).
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var switched = await client.PostAsync($"/v1/sessions/{id}/switch", null, Ct);
            if (switched.StatusCode == HttpStatusCode.OK)
            {
                var version = (await switched.ReadJsonAsync()).GetProperty("data").GetProperty("version").GetInt64();
                Assert.Equal(3, version);
                Assert.Equal(version, (await ws.WaitForAsync("STATE_UPDATE")).Version);
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, switched.StatusCode);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "switches never recovered after the Redis restart");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task UnreachableRedisIs503WithRetryAfterWithinTheCommandTimeoutThenRecovers()
    {
        // Persistent, as in production: the silo's membership entry survives the restart, so the gateway can also
        // leave the cluster cleanly at the end (without it Orleans waits out a minute per shutdown stage).
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis, "--appendonly", "yes", "--appendfsync", "always");
        await using var factory = new GatewayFactory(redis.Endpoint);
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var id = NewId();
        await CreateAsync(client, id);

        // Stopped, not killed: the socket stays open and nothing answers, the case that hangs naive clients.
        redis.Suspend();
        try
        {
            // A write: reads are served from the session grain's memory.
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync($"/v1/sessions/{id}/start", null, Ct);
            watch.Stop();
            await ApiTests.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"503 took {watch.Elapsed}");

            using var ready = await client.GetAsync("/ready", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.ReadJsonAsync();
            Assert.Equal("not_ready", body.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        }
        finally
        {
            redis.Resume();
        }

        await redis.KillAsync();
        using (var down = await client.PostAsync($"/v1/sessions/{NewId()}/start", null, Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        await redis.StartAsync();

        // What matters is that the service answers again by itself.
        var recovering = Stopwatch.StartNew();
        while (true)
        {
            using var created = await client.PostAsync("/v1/sessions", Json(CreateBody(NewId())), Ct);
            if (created.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
            Assert.True(recovering.Elapsed < TimeSpan.FromSeconds(30), "the service did not recover after Redis came back");
            await Task.Delay(100, Ct);
        }

        using var readyAgain = await client.GetAsync("/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }
}
