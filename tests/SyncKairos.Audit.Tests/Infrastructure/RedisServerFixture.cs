using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>One server of the given kind for the assembly; each test uses its own key prefix.</summary>
public abstract class RedisServerFixture(ServerKind kind) : IRedisServerFixture, IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException($"{kind} fixture not started.");

    public async ValueTask InitializeAsync() => _server = await RedisServerProcess.StartAsync(kind);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
