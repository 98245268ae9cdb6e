using System.Diagnostics;
using System.Net;
using SyncKairos.Gateway.Tests.Infrastructure;
using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>
/// A rate-limit check that Redis does not answer (a suspended redis-server: the socket stays open, nothing
/// answers): fail open lets requests through unchecked, fail closed refuses them with 503 (ADR 0019). Probes
/// are exempt either way, and both recover by themselves. Each test owns its Redis.
/// </summary>
public sealed class RateLimitStoreOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnansweredChecksFollowTheConfiguredFailureMode(bool failOpen)
    {
        await using var redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        await using var factory = new GatewayFactory(redis.Endpoint, new Dictionary<string, string?>
        {
            ["SyncKairos:RateLimits:GeneralPerMinute"] = "1000",
            ["SyncKairos:RateLimits:CheckTimeout"] = "00:00:00.300",
            ["SyncKairos:RateLimits:FailOpen"] = failOpen ? "true" : "false",
        });
        using var client = new HttpClient { BaseAddress = factory.StartKestrel() };

        // An unknown route needs no Redis of its own: only the limiter does.
        using (var checkedResponse = await client.GetAsync("/v1/no-such-route", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, checkedResponse.StatusCode);
            Assert.True(checkedResponse.Headers.Contains("RateLimit-Limit"));
        }

        redis.Suspend();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("/v1/no-such-route", Ct);
                watch.Stop();
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the check took {watch.Elapsed}");
                Assert.False(response.Headers.Contains("RateLimit-Limit"));
                if (failOpen)
                {
                    await ApiTests.AssertErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
                }
                else
                {
                    await ApiTests.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
                    Assert.NotNull(response.Headers.RetryAfter);
                }
            }

            using var health = await client.GetAsync("/health", Ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            redis.Resume();
        }

        // Checked again once Redis answers (after the one-second pause that follows a failure).
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/v1/no-such-route", Ct);
            if (response.Headers.Contains("RateLimit-Limit"))
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "rate limits were never checked again");
            await Task.Yield();
        }
    }
}
