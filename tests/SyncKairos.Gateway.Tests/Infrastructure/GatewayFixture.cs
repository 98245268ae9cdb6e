namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>One in-process gateway (TestServer and Kestrel) on the assembly's Redis, shared by a test class.</summary>
public sealed class GatewayFixture(RedisFixture redis) : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new(redis.Endpoint);

    /// <summary>The Kestrel address, for real WebSocket and Node clients.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public ValueTask InitializeAsync()
    {
        BaseAddress = Factory.StartKestrel();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
