using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using StackExchange.Redis;
using SyncKairos.Grains.Sessions;
using SyncKairos.Silo;
using SyncKairos.Silo.Redis;
using SyncKairos.Testing;

namespace SyncKairos.Silo.Tests.Cluster;

/// <summary>
/// Three silos (Orleans TestCluster, so membership is real: Redis clustering, not the in-memory table) whose
/// membership, grain directory and session state all live in one real Redis-compatible server.
/// Session time is a <see cref="FakeTimeProvider"/> shared by the silos; Orleans' own clock stays real.
/// </summary>
public abstract class ClusterFixture(ServerKind kind) : IAsyncLifetime
{
    internal const string ClockIdKey = "SyncKairosTests:ClockId";
    private static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();
    private readonly string _clockId = Guid.NewGuid().ToString("N");

    public RedisServerProcess Server { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The tests' own connection, to look at what the silos stored.</summary>
    public IConnectionMultiplexer Store { get; private set; } = null!;

    public IGrainFactory Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        Clocks[_clockId] = Clock;
        Server = await RedisServerProcess.StartAsync(kind);
        var builder = new TestClusterBuilder(3);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ClusterId = $"tests-{_clockId[..8]}";
        builder.Options.ServiceId = $"synckairos-{_clockId[..8]}";
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SyncKairos:Redis:ConnectionString"] = Server.Endpoint + ",commandTimeout=2000",
            // The grain's limit is its own test; here it must not refuse the suites' bursts.
            ["SyncKairos:RateLimits:SwitchPerSecond"] = "1000000",
            // Fake session time jumps; the timer looks at it often enough to notice.
            ["SyncKairos:Sessions:Grain:MaxExpiryTimerDelay"] = "00:00:00.100",
            ["SyncKairos:Sessions:Backstop:Interval"] = "00:00:00.250",
            [ClockIdKey] = _clockId,
        }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Store = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString.ToConfigurationOptions(Server.Endpoint));
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (Server is not null)
        {
            Server.Resume();
            await Server.DisposeAsync();
        }

        Clocks.TryRemove(_clockId, out _);
    }

    /// <summary>Brings the cluster back to three silos after a test stopped or killed one.</summary>
    public async Task RestoreSilosAsync()
    {
        var active = Cluster.GetActiveSilos().Count();
        for (var i = active; i < 3; i++)
        {
            await Cluster.StartAdditionalSiloAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var clock = Clocks[siloBuilder.Configuration[ClockIdKey]!];
            siloBuilder.Services.AddSingleton(new SessionClock(clock));
            siloBuilder.AddSyncKairosGrains();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseRedisClustering(o =>
                o.ConfigurationOptions = RedisConnectionString.ToConfigurationOptions(configuration["SyncKairos:Redis:ConnectionString"]!));
    }
}

public sealed class RedisClusterFixture() : ClusterFixture(ServerKind.Redis);

public sealed class GarnetClusterFixture() : ClusterFixture(ServerKind.Garnet);
