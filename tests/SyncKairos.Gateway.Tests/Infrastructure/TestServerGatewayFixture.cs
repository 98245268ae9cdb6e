namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>
/// One in-process gateway on TestServer (no Kestrel), shared by a test class: its handler speaks HTTP/2 to the
/// gateway's whole pipeline, so gRPC calls go through the same routes, filters and error mapping as REST.
/// </summary>
public sealed class TestServerGatewayFixture(RedisFixture redis) : IAsyncDisposable
{
    public GatewayFactory Factory { get; } = new(redis.Endpoint);

    public HttpClient CreateRestClient() => Factory.CreateClient();

    public HttpClient CreateGrpcClient() => new(Factory.Server.CreateHandler()) { BaseAddress = Factory.Server.BaseAddress };

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
