using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using SyncKairos.Audit.Writing;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// Writers over one audit list (a key prefix of its own on the shared redis-server) and one store. Each writer
/// gets its own multiplexer and metrics, like a separate silo would.
/// </summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private readonly IRedisServerFixture _redis;
    private readonly List<(AuditWriter Writer, ConnectionMultiplexer Connection)> _writers = [];

    private WriterHarness(IRedisServerFixture redis, TestStore store, ConnectionMultiplexer client, AuditOptions options)
    {
        _redis = redis;
        Store = store;
        Client = client;
        Options = options;
    }

    public TestStore Store { get; }

    /// <summary>The test's own multiplexer, for filling the list and inspecting it.</summary>
    public ConnectionMultiplexer Client { get; }

    public IDatabase Db => Client.GetDatabase();

    public AuditOptions Options { get; }

    public string QueueKey => Options.QueueKey(0);

    public string DeadLetterKey => Options.DeadLetterKey(0);

    public static async Task<WriterHarness> CreateAsync(IRedisServerFixture redis, TestStore store, Action<AuditOptions>? configure, CancellationToken cancellationToken)
    {
        var options = new AuditOptions
        {
            KeyPrefix = $"t{Guid.NewGuid():N}:",
            LeaseDuration = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromMilliseconds(20),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromSeconds(1),

            // The test events are dated in 2025: a default retention would delete them under the tests' feet.
            RetentionDays = 0,
        };
        configure?.Invoke(options);
        var client = await ConnectAsync(redis, cancellationToken);
        return new WriterHarness(redis, store, client, options);
    }

    public async Task<(AuditWriter Writer, AuditMetrics Metrics)> StartWriterAsync(
        CancellationToken cancellationToken, AuditWriterHooks? hooks = null, AuditMetrics? metrics = null, ILogger<AuditWriter>? logger = null)
    {
        var connection = await ConnectAsync(_redis, cancellationToken);
        metrics ??= new AuditMetrics();
        var writer = new AuditWriter(connection, Store.Sink, Options, metrics, TimeProvider.System, logger ?? NullLogger<AuditWriter>.Instance, hooks);
        _writers.Add((writer, connection));
        await writer.StartAsync(cancellationToken);
        return (writer, metrics);
    }

    public async Task PushAsync(IEnumerable<string> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in entries.Chunk(1000))
        {
            await Db.ListRightPushAsync(QueueKey, [.. chunk.Select(e => (RedisValue)e)]).WaitAsync(cancellationToken);
        }
    }

    public async Task<long> QueueLengthAsync(CancellationToken cancellationToken) =>
        await Db.ListLengthAsync(QueueKey).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> DeadLettersAsync(CancellationToken cancellationToken) =>
        [.. (await Db.ListRangeAsync(DeadLetterKey).WaitAsync(cancellationToken)).Select(i => i.ToString())];

    /// <summary>A multiplexer to the fixture's server, as a silo would open it.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(IRedisServerFixture redis, CancellationToken cancellationToken) =>
        await ConnectionMultiplexer.ConnectAsync(redis.Server.Endpoint).WaitAsync(cancellationToken);

    /// <summary>Waits until the list is empty and the store holds <paramref name="expected"/> events.</summary>
    public Task WaitForDrainAsync(long expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        long stored = -1, queued = -1;
        return Eventually.WaitAsync(
            async () =>
            {
                queued = await QueueLengthAsync(cancellationToken);
                stored = await Store.CountEventsAsync(cancellationToken);
                return queued == 0 && stored >= expected;
            },
            limit,
            () => $"queue empty and {expected} events stored (queue {queued}, stored {stored})",
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (writer, connection) in _writers)
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
            await connection.DisposeAsync();
        }

        await Client.DisposeAsync();
    }
}
