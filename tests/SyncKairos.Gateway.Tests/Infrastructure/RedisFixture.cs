using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>One redis-server for the whole assembly; every test isolates itself with fresh session ids.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Redis not started");

    public string Endpoint => Server.Endpoint;

    public async ValueTask InitializeAsync() => _server = await RedisServerProcess.StartAsync(ServerKind.Redis);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
