using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using SyncKairos.Gateway.Apis;
using SyncKairos.Gateway.Tests.Infrastructure;
using static SyncKairos.Gateway.Tests.Infrastructure.TestSessions;

namespace SyncKairos.Gateway.Tests;

/// <summary>Bugs and broken dependencies: 500 without internals, and /ready reporting a failing check.</summary>
public sealed class FailureResponseTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnexpectedStoreErrorIs500WithoutInternals()
    {
        await using var factory = new GatewayFactory(redis.Endpoint);
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var id = NewId();

        // A key of the wrong type where the session state belongs: the store's GET fails with WRONGTYPE.
        var redisDb = factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await redisDb.HashSetAsync($"sk:{{{id}}}:state", "f", "v");
        using var response = await client.GetAsync($"/v1/sessions/{id}", Ct);
        var error = await ApiTests.AssertErrorAsync(response, HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.Equal("Internal server error", error.GetProperty("message").GetString());
        Assert.False(error.TryGetProperty("details", out _));
        Assert.DoesNotContain("WRONGTYPE", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        await redisDb.KeyDeleteAsync($"sk:{{{id}}}:state");
    }

    [Fact]
    public async Task ReadyIs503WhenARegisteredCheckFails()
    {
        await using var factory = new GatewayFactory(redis.Endpoint, services: s => s.AddSingleton<IReadinessCheck, FailingCheck>());
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.GetAsync("/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"status\":\"not_ready\",\"error\":\"audit: store down\"}", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("SyncKairos:WebSockets:MaxMessageBytes", "1")]
    [InlineData("SyncKairos:WebSockets:PingInterval", "00:00:00")]
    [InlineData("SyncKairos:Redis:ConnectionString", "redis://:nope:notaport")]
    public void InvalidSettingsStopTheStart(string key, string value)
    {
        using var factory = new GatewayFactory(redis.Endpoint, new Dictionary<string, string?> { [key] = value });
        // The TestServer start path: in Kestrel mode WebApplicationFactory sometimes masks a failed start with an
        // ObjectDisposedException from its port lookup on the already disposed host.
        var error = Assert.ThrowsAny<Exception>(() => factory.Services).ToString();
        Assert.True(error.Contains(key.Split(':')[^1], StringComparison.Ordinal), $"the start-up failure should name {key}:\n{error}");
    }

    private sealed class FailingCheck : IReadinessCheck
    {
        public string Name => "audit";

        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("store down");
    }
}
