using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;
using SyncKairos.Testing;

namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>One throwaway server per kind for the whole assembly; each test takes its own key prefix.</summary>
public abstract class SessionServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;
    private RedisConnection? _redis;

    public abstract ServerKind Kind { get; }

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Fixture not initialised");

    public RedisConnection Redis => _redis ?? throw new InvalidOperationException("Fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync(Kind);
        var options = RedisOptions.Parse(_server.Endpoint);

        // The machine is shared and Garnet compiles its Lua on first use: be patient, not flaky.
        options.CommandTimeout = TimeSpan.FromSeconds(15);
        _redis = await RedisConnection.ConnectAsync(options, null, CancellationToken.None);
        await NewStore().WarmUpAsync(CancellationToken.None);
    }

    /// <summary>A store on a fresh key prefix, so its deadline set and audit list belong to the calling test alone.</summary>
    public SessionStore NewStore(TimeProvider? time = null, Action<SessionStoreOptions>? configure = null)
    {
        var options = new SessionStoreOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12] };
        configure?.Invoke(options);
        return new SessionStore(Redis, options, time ?? TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
