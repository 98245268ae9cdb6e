using System.Globalization;
using SyncKairos.Testing;

namespace SyncKairos.Bench.Tests.Infrastructure;

/// <summary>A redis-server and one gateway process on it (REST/WS and h2c gRPC), shared by the smoke runs of one test class.</summary>
public sealed class GatewayUnderLoadFixture : IAsyncLifetime
{
    private RedisServerProcess? _redis;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("gateway not started");

    /// <summary>The REST/WebSocket address as the tool takes it (no trailing slash).</summary>
    public string BaseAddress => Gateway.BaseAddress.GetLeftPart(UriPartial.Authority);

    public string GrpcAddress { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        GrpcAddress = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        _gateway = await GatewayProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["SyncKairos:Redis:ConnectionString"] = _redis.Endpoint,
                ["SyncKairos:Grpc:Url"] = GrpcAddress,

                // The load runs measure the tool, not the gateway's logging: only warnings and the start-up lines.
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            },
            startTimeout: TimeSpan.FromSeconds(90),
            cancellationToken: TestContext.Current.CancellationToken);
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
