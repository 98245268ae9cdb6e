using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Tests.Infrastructure;

namespace SyncKairos.Gateway.Tests.Security;

/// <summary>One gateway with JWT auth on (HS256), served by Kestrel for WebSockets and by TestServer for HTTP/2 gRPC.</summary>
public sealed class AuthGatewayFixture(RedisFixture redis) : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public GatewayFactory Factory { get; private set; } = null!;

    /// <summary>A second instance on TestServer: its in-memory transport speaks HTTP/2 with trailers, as gRPC needs.</summary>
    public GatewayFactory GrpcFactory { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>gRPC over the in-memory TestServer (HTTP/2 semantics, trailers), no h2c port needed.</summary>
    public HttpClient GrpcClient() => new(GrpcFactory.Server.CreateHandler()) { BaseAddress = GrpcFactory.Server.BaseAddress };

    public ValueTask InitializeAsync()
    {
        Factory = new GatewayFactory(redis.Endpoint, TestTokens.Settings(redis.Endpoint), s => s.AddSingleton<ILoggerProvider>(Logs));
        BaseAddress = Factory.StartKestrel();
        GrpcFactory = new GatewayFactory(redis.Endpoint, TestTokens.Settings(redis.Endpoint), s => s.AddSingleton<ILoggerProvider>(Logs));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await GrpcFactory.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
