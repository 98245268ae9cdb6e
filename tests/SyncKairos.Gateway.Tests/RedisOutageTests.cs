using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SyncKairos.Gateway.Storage;
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
    public async Task RestartedRedisIsFollowedByStateSyncAndUpdatesKeepFlowing()
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

        var connections = factory.Services.GetRequiredService<StoreConnections>();
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connections.Subscriber.Resubscribed += () => resubscribed.TrySetResult();

        await redis.KillAsync();
        await redis.StartAsync();
        await resubscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var sync = await ws.WaitForAsync("STATE_SYNC", TimeSpan.FromSeconds(10));
        Assert.Equal(2, sync.Version);
        var switched = await PostAsync(client, $"/v1/sessions/{id}/switch");
        Assert.Equal(switched.GetProperty("version").GetInt64(), (await ws.WaitForAsync("STATE_UPDATE")).Version);
    }

    [Fact]
    public async Task UnreachableRedisIs503WithRetryAfterWithinTheCommandTimeoutThenRecovers()
    {
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        await using var factory = new GatewayFactory(redis.Endpoint);
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var id = NewId();
        await CreateAsync(client, id);

        // Stopped, not killed: the socket stays open and nothing answers, the case that hangs naive clients.
        redis.Suspend();
        try
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync($"/v1/sessions/{id}", Ct);
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
        using (var down = await client.GetAsync($"/v1/sessions/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        var connections = factory.Services.GetRequiredService<StoreConnections>();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connections.Connection.Reconnected += () => reconnected.TrySetResult();
        await redis.StartAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // The data died with the unpersisted server; what matters is that the service answers again.
        await CreateAsync(client, NewId());
        using var readyAgain = await client.GetAsync("/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }
}
