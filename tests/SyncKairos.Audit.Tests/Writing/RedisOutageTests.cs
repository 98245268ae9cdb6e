using Microsoft.Extensions.Logging.Testing;
using SyncKairos.Audit.Tests.Infrastructure;
using SyncKairos.Audit.Writing;
using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Writing;

/// <summary>
/// Redis goes away under the writer and comes back: the writer backs off instead of failing, takes the lease
/// again through the same multiplexer, and drains what arrives after, exactly once. Each test owns its server.
/// </summary>
public sealed class RedisOutageTests : IRedisServerFixture, IAsyncLifetime
{
    /// <summary>Log event id of <c>Log.RedisFailure</c>: the writer saw Redis fail and is backing off.</summary>
    private const int RedisFailureEventId = 5007;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private RedisServerProcess? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _server = await RedisServerProcess.StartAsync(ServerKind.Redis);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static List<string> Traffic(IReadOnlyList<Guid> sessions, int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).SelectMany(v => sessions.Select(s => AuditEventJson.Create(s, v)))];

    private static async Task AssertExactlyOnceAsync(TestStore store, IReadOnlyList<Guid> sessions, int versions)
    {
        Assert.Equal(sessions.Count * (long)versions, await store.CountEventsAsync(Ct));
        foreach (var session in sessions)
        {
            var history = await store.Reader.GetEventsAsync(session.ToString(), 0, versions + 10, Ct);
            Assert.Equal(Enumerable.Range(1, versions).Select(v => (long)v), history.Select(e => e.Version));
        }
    }

    private static Task WaitForRedisFailureAsync(FakeLogger<AuditWriter> logger) =>
        Eventually.WaitAsync(
            () => Task.FromResult(logger.Collector.GetSnapshot().Any(r => r.Id.Id == RedisFailureEventId)),
            Limit,
            () => "the writer to log that Redis failed and it backs off",
            Ct);

    /// <summary>The test's own multiplexer reconnects too; pushing before it has would time out the push, not the writer.</summary>
    private static Task WaitForReconnectAsync(WriterHarness harness) =>
        Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await harness.Db.PingAsync().WaitAsync(Ct);
                    return true;
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    return false;
                }
            },
            Limit,
            () => "the test's own connection to answer PING again",
            Ct);

    [Fact]
    public async Task Writer_backs_off_while_Redis_is_dead_and_drains_exactly_once_after_it_restarts()
    {
        await using var store = await SqliteTestStore.CreateAsync(Ct);
        await using var harness = await WriterHarness.CreateAsync(this, store, o => o.LeaseDuration = TimeSpan.FromSeconds(1), Ct);
        var sessions = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        var logger = new FakeLogger<AuditWriter>();
        var (writer, metrics) = await harness.StartWriterAsync(Ct, logger: logger);
        await harness.PushAsync(Traffic(sessions, 1, 6), Ct);
        await harness.WaitForDrainAsync(300, Limit, Ct);

        // A killed redis-server without persistence comes back empty: lease and queue are gone.
        await Server.KillAsync();
        await WaitForRedisFailureAsync(logger);
        Assert.False(writer.ExecuteTask!.IsCompleted, "the writer keeps running while Redis is down");
        await Server.StartAsync();
        await WaitForReconnectAsync(harness);

        await harness.PushAsync(Traffic(sessions, 7, 12), Ct);
        await harness.WaitForDrainAsync(600, Limit, Ct);
        await AssertExactlyOnceAsync(store, sessions, 12);
        Assert.Equal(600, metrics.EventsWritten);
    }

    [Fact]
    public async Task Writer_outlives_a_Redis_that_stops_answering_for_longer_than_its_lease()
    {
        await using var store = await SqliteTestStore.CreateAsync(Ct);
        await using var harness = await WriterHarness.CreateAsync(this, store, o => o.LeaseDuration = TimeSpan.FromSeconds(1), Ct);
        var sessions = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        var logger = new FakeLogger<AuditWriter>();
        var (writer, metrics) = await harness.StartWriterAsync(Ct, logger: logger);
        await harness.PushAsync(Traffic(sessions, 1, 6), Ct);
        await harness.WaitForDrainAsync(300, Limit, Ct);

        // SIGSTOP: the socket stays open and nothing answers, so every call hangs until it times out.
        Server.Suspend();
        await WaitForRedisFailureAsync(logger);
        Assert.False(writer.ExecuteTask!.IsCompleted, "the writer keeps running while Redis hangs");
        Server.Resume();
        await WaitForReconnectAsync(harness);

        await harness.PushAsync(Traffic(sessions, 7, 12), Ct);
        await harness.WaitForDrainAsync(600, Limit, Ct);
        await AssertExactlyOnceAsync(store, sessions, 12);
        Assert.Equal(600, metrics.EventsWritten);
    }
}
