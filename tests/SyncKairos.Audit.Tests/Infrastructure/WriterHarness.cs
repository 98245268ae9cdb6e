using Microsoft.Extensions.Logging.Abstractions;
using SyncKairos.Audit.Writing;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Audit.Tests.Infrastructure;

/// <summary>
/// Writers over one audit list (a key prefix of its own on the shared redis-server) and one store. Each writer
/// gets its own Redis connection and metrics, like a separate gateway would.
/// </summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private readonly IRedisServerFixture _redis;
    private readonly List<(AuditWriter Writer, RedisConnection Connection)> _writers = [];

    private WriterHarness(IRedisServerFixture redis, TestStore store, RedisConnection client, AuditOptions options)
    {
        _redis = redis;
        Store = store;
        Client = client;
        Options = options;
    }

    public TestStore Store { get; }

    /// <summary>The test's own connection, for filling the list and inspecting it.</summary>
    public RedisConnection Client { get; }

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
        var client = await RedisConnection.ConnectAsync(RedisOptions.Parse(redis.Server.Endpoint), cancellationToken: cancellationToken);
        return new WriterHarness(redis, store, client, options);
    }

    public async Task<(AuditWriter Writer, AuditMetrics Metrics)> StartWriterAsync(
        CancellationToken cancellationToken, AuditWriterHooks? hooks = null, AuditMetrics? metrics = null)
    {
        var connection = await RedisConnection.ConnectAsync(RedisOptions.Parse(_redis.Server.Endpoint), cancellationToken: cancellationToken);
        metrics ??= new AuditMetrics();
        var writer = new AuditWriter(connection, Store.Sink, Options, metrics, TimeProvider.System, NullLogger<AuditWriter>.Instance, hooks);
        _writers.Add((writer, connection));
        await writer.StartAsync(cancellationToken);
        return (writer, metrics);
    }

    public async Task PushAsync(IEnumerable<string> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in entries.Chunk(1000))
        {
            RedisArg[] args = [QueueKey, .. chunk.Select(e => (RedisArg)e)];
            await Client.ExecuteAsync("RPUSH", args, cancellationToken);
        }
    }

    public async Task<long> QueueLengthAsync(CancellationToken cancellationToken) =>
        (await Client.ExecuteAsync("LLEN", [QueueKey], cancellationToken)).AsInt64();

    public async Task<IReadOnlyList<string>> DeadLettersAsync(CancellationToken cancellationToken) =>
        [.. (await Client.ExecuteAsync("LRANGE", [DeadLetterKey, 0, -1], cancellationToken)).Items.Select(i => i.AsString()!)];

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
