using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SyncKairos.Gateway.Grpc;
using SyncKairos.Gateway.Grpc.Sessions;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;
using SyncKairos.Testing;

namespace SyncKairos.Gateway.Tests.Grpc.Sessions;

/// <summary>
/// The real SyncKairos gRPC service on Kestrel h2c over a throwaway redis-server, wired the way the
/// gateway will: AddSyncKairosGrpc + MapSyncKairosGrpc + ConfigureGrpcEndpoint. Tests use fresh session ids.
/// </summary>
public sealed class SessionGrpcServer : IAsyncLifetime
{
    private RedisServerProcess? redis;
    private RedisConnection? connection;
    private RedisSubscriber? subscriber;
    private WebApplication? app;

    /// <summary>The machine is shared and loaded: patient by default, not flaky.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public Uri Address { get; private set; } = null!;

    public SessionStore Store { get; private set; } = null!;

    public RedisServerProcess Redis => redis ?? throw new InvalidOperationException("Fixture not initialised");

    public ISessionUpdateFeed Feed { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        redis = await RedisServerProcess.StartAsync(ServerKind.Redis);
        var options = RedisOptions.Parse(redis.Endpoint);
        options.CommandTimeout = CommandTimeout;
        connection = await RedisConnection.ConnectAsync(options, null, CancellationToken.None);
        subscriber = await RedisSubscriber.ConnectAsync(options, null, CancellationToken.None);
        Store = new SessionStore(connection, new SessionStoreOptions { KeyPrefix = "g" + Guid.NewGuid().ToString("N")[..8] }, TimeProvider.System);
        await Store.WarmUpAsync(CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SyncKairos:Grpc:Url"] = "http://127.0.0.1:0",
            ["SyncKairos:Grpc:KeepHostUrls"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.ConfigureGrpcEndpoint();
        builder.Services.AddSingleton(Store);
        builder.Services.AddSyncKairosGrpc(_ => subscriber);
        app = builder.Build();
        app.MapSyncKairosGrpc();
        await app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(app.Urls.Single());
        Feed = app.Services.GetRequiredService<ISessionUpdateFeed>();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        if (subscriber is not null)
        {
            await subscriber.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}
