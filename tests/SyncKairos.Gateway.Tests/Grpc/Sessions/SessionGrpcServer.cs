using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Gateway.Watching;
using SyncKairos.Silo;
using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>
/// The real SyncKairos gRPC service on Kestrel h2c, in a silo of its own over a throwaway redis-server, wired the
/// way the gateway is: AddSyncKairosSilo + AddSyncKairosGrpc + MapSyncKairosGrpc + ConfigureGrpcEndpoint. Tests use
/// fresh session ids.
/// </summary>
public sealed class SessionGrpcServer : IAsyncLifetime
{
    private RedisServerProcess? redis;
    private WebApplication? app;

    public Uri Address { get; private set; } = null!;

    public RedisServerProcess Redis => redis ?? throw new InvalidOperationException("Fixture not initialised");

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        var builder = WebApplication.CreateSlimBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["SyncKairos:Grpc:Url"] = "http://127.0.0.1:0",
            ["SyncKairos:Grpc:KeepHostUrls"] = "false",
            ["SyncKairos:Redis:ConnectionString"] = redis.Endpoint,
        };
        foreach (var (key, value) in TestDefaults.Silo(clusterId: $"grpc-{Guid.NewGuid():N}"))
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddSyncKairosSilo();
        builder.ConfigureGrpcEndpoint();
        builder.Services.AddSingleton<SessionSubscriptions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SessionSubscriptions>());
        builder.Services.AddSyncKairosGrpc();
        app = builder.Build();
        app.MapSyncKairosGrpc();
        await app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}
