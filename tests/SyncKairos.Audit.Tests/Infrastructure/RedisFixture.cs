using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>One real redis-server for the assembly; each test uses its own key prefix.</summary>
public sealed class RedisFixture : IRedisServerFixture, IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Redis fixture not started.");

    public async ValueTask InitializeAsync() => _server = await RedisServerProcess.StartAsync(ServerKind.Redis);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
