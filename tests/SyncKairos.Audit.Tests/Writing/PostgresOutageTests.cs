using Npgsql;
using SyncKairos.Audit.Tests.Infrastructure;
using SyncKairos.Testing;

namespace SyncKairos.Audit.Tests.Writing;

/// <summary>PostgreSQL goes away under load and comes back: the queue grows, then drains exactly once.</summary>
public sealed class PostgresOutageTests(RedisFixture redis) : IAsyncLifetime
{
    private PostgresServerProcess? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServerProcess.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            // Pooled connections to this server die with it.
            NpgsqlConnection.ClearAllPools();
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Queue_grows_while_PostgreSQL_is_down_and_drains_exactly_once_after()
    {
        await using var store = await PostgresTestStore.CreateAsync(Server.ConnectionString, Ct);
        await using var harness = await WriterHarness.CreateAsync(redis, store, null, Ct);
        var sessions = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();
        var traffic = Enumerable.Range(1, 20).SelectMany(v => sessions.Select(s => AuditEventJson.Create(s, v))).ToList();
        var (_, metrics) = await harness.StartWriterAsync(Ct);
        await harness.PushAsync(traffic.Take(500), Ct);
        await harness.WaitForDrainAsync(500, TimeSpan.FromSeconds(60), Ct);

        await Server.StopAsync(Ct);
        await harness.PushAsync(traffic.Skip(500), Ct);
        await Eventually.WaitAsync(
            () => Task.FromResult(metrics.QueueSize == traffic.Count - 500),
            TimeSpan.FromSeconds(30),
            () => $"the writer to report {traffic.Count - 500} queued events while PostgreSQL is down (reports {metrics.QueueSize})",
            Ct);
        Assert.Equal(traffic.Count - 500, await harness.QueueLengthAsync(Ct));
        Assert.Equal(500, metrics.EventsWritten);

        await Server.StartAsync(Ct);
        await harness.WaitForDrainAsync(traffic.Count, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(traffic.Count, await store.CountEventsAsync(Ct));
        foreach (var session in sessions)
        {
            var history = await store.Reader.GetEventsAsync(session.ToString(), 0, 100, Ct);
            Assert.Equal(Enumerable.Range(1, 20).Select(v => (long)v), history.Select(e => e.Version));
        }

        Assert.Equal(traffic.Count, metrics.EventsWritten);
    }
}
