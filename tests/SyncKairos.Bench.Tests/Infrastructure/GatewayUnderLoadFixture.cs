using SyncKairos.Testing;

namespace SyncKairos.Bench.Tests.Infrastructure;

/// <summary>A redis-server and one gateway process on it, shared by the smoke runs of one test class.</summary>
public sealed class GatewayUnderLoadFixture : IAsyncLifetime
{
    private RedisServerProcess? _redis;
    private BenchGatewayProcess? _gateway;

    public BenchGatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("gateway not started");

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        _gateway = await BenchGatewayProcess.StartAsync(_redis.Endpoint, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
