using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>One Garnet server for the assembly (embedded mode's Redis); each test uses its own key prefix.</summary>
public sealed class GarnetFixture : IRedisServerFixture, IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Garnet fixture not started.");

    public async ValueTask InitializeAsync() => _server = await RedisServerProcess.StartAsync(ServerKind.Garnet);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
