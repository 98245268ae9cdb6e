using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Gateway.Watching;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests.Watching;

/// <summary>
/// When the last watcher of a session leaves, the silo's observer reference is deleted after the grain's lease
/// (<see cref="SessionSubscriptions.RetireAfter"/>); that clean-up runs in a background loop, so it must neither
/// fail nor stop the gateway, and a watcher that comes back gets a fresh subscription.
/// </summary>
public sealed class SubscriptionRetirementTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_left_sessions_observer_is_retired_and_the_gateway_keeps_serving_and_pushing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new GatewayFactory(redis.Endpoint, services: s => s.AddSingleton<TimeProvider>(time));
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var subscriptions = factory.Services.GetRequiredService<SessionSubscriptions>();
        var id = NewId();
        await CreateAsync(client, id);

        await using (var first = await WsClient.ConnectAsync(address, id))
        {
            await first.WaitForAsync("STATE_SYNC");
        }

        await WaitUntilAsync(() => subscriptions.RetiringCount == 1, "the observer queued for retirement");
        time.Advance(SessionSubscriptions.RetireAfter + TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => subscriptions.RetiringCount == 0, "the observer deleted");

        using (var health = await client.GetAsync("/health", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        // The same session watched again: a new observer, and pushes flow to it.
        await using var again = await WsClient.ConnectAsync(address, id);
        Assert.Equal(1, (await again.WaitForAsync("STATE_SYNC")).Version);
        await PostAsync(client, $"/v1/sessions/{id}/start");
        Assert.Equal(2, (await again.WaitForAsync("STATE_UPDATE")).Version);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }
        }
    }
}
