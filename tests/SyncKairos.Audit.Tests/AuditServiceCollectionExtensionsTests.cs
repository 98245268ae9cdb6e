using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SyncKairos.Audit.Reading;
using SyncKairos.Audit.Sinks;
using SyncKairos.Audit.Tests.Infrastructure;
using SyncKairos.Audit.Writing;

namespace SyncKairos.Audit.Tests;

/// <summary>The registration the gateway uses, in a real host, end to end.</summary>
public sealed class AuditServiceCollectionExtensionsTests(RedisFixture redis, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IHost> StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var multiplexer = await WriterHarness.ConnectAsync(redis, Ct);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => multiplexer); // a factory, so the host disposes it
        builder.Services.AddSyncKairosAudit(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    private static async Task PushAndReadBackAsync(IHost host, CancellationToken cancellationToken)
    {
        var options = host.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
        var session = Guid.NewGuid();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        RedisValue[] push = [.. Enumerable.Range(1, 3).Select(v => (RedisValue)AuditEventJson.Create(session, v))];
        await redis.ListRightPushAsync(options.QueueKey(0), push).WaitAsync(cancellationToken);
        var reader = host.Services.GetRequiredService<IAuditEventReader>();
        var metrics = host.Services.GetRequiredService<AuditMetrics>();
        IReadOnlyList<AuditEventRecord> events = [];
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    events = await reader.GetEventsAsync(session.ToString(), 0, 10, cancellationToken);
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
                {
                    // The writer creates the schema as it starts.
                }

                // The writer counts a batch after its commit, so the rows can be readable a moment before the count.
                return events.Count == 3 && metrics.EventsWritten == 3;
            },
            TimeSpan.FromSeconds(30),
            () => $"3 events readable through the registered reader and counted (have {events.Count}, counted {metrics.EventsWritten})",
            cancellationToken);
        await reader.PingAsync(cancellationToken);
    }

    [Fact]
    public async Task Without_PostgreSQL_the_audit_goes_to_SQLite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "synckairos-tests", $"di-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        using var host = await StartHostAsync(new()
        {
            ["SyncKairos:Audit:SqlitePath"] = Path.Combine(directory, "audit.db"),
            ["SyncKairos:Audit:KeyPrefix"] = $"t{Guid.NewGuid():N}:",
            ["SyncKairos:Audit:PollInterval"] = "00:00:00.020",
        });

        try
        {
            Assert.IsType<SqliteAuditSink>(host.Services.GetRequiredService<IAuditSink>());
            await PushAndReadBackAsync(host, Ct);
            await host.StopAsync(Ct);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task With_PostgreSQL_it_migrates_on_start_and_writes_there()
    {
        await using var db = await postgres.CreateDatabaseAsync(Ct);
        using var host = await StartHostAsync(new()
        {
            ["SyncKairos:Audit:PostgresConnectionString"] = db.ConnectionString,
            ["SyncKairos:Audit:KeyPrefix"] = $"t{Guid.NewGuid():N}:",
            ["SyncKairos:Audit:PollInterval"] = "00:00:00.020",
        });

        Assert.IsType<PostgresAuditSink>(host.Services.GetRequiredService<IAuditSink>());
        await PushAndReadBackAsync(host, Ct);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations", Ct));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SyncKairos:Audit:BatchSize"] = "0",
            ["SyncKairos:Audit:WriterEnabled"] = "false",
        });
        builder.Services.AddSyncKairosAudit(builder.Configuration);
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
    }
}
