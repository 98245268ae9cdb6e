using SyncKairos.Redis.Client;
using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Client;

/// <summary>One shared server per test class; tests isolate themselves by key prefix.</summary>
public abstract class ServerFixture(ServerKind kind) : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public ServerKind Kind => kind;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    public RedisOptions Options() => new() { Host = Server.Host, Port = Server.Port };

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
