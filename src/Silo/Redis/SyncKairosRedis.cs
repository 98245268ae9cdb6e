using Microsoft.Extensions.Options;
using Orleans.Runtime;
using StackExchange.Redis;
using SyncKairos.Grains.Storage;
using SyncKairos.Silo.Embedded;

namespace SyncKairos.Silo.Redis;

/// <summary>
/// The process's one Redis: the configured one, or (empty <c>SyncKairos:Redis:ConnectionString</c>) an embedded
/// Garnet started on first use. Owns the single StackExchange.Redis multiplexer that grain storage, membership and the
/// grain directory share. Other components of the process (the gateway's own clients) read <see cref="ResolveAsync"/>
/// to talk to the same server.
/// </summary>
public sealed partial class SyncKairosRedis : ILifecycleParticipant<ISiloLifecycle>, IRedisConnectionSource, IAsyncDisposable
{
    private readonly RedisConnectionSettings _settings;
    private readonly EmbeddedSettings _embeddedSettings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connect;
    private volatile ResolvedRedis? _resolved;

    public SyncKairosRedis(IOptions<RedisConnectionSettings> settings, IOptions<EmbeddedSettings> embeddedSettings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(embeddedSettings);
        _settings = settings.Value;
        _embeddedSettings = embeddedSettings.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SyncKairosRedis>();
        _connect = new Lazy<Task<ConnectionMultiplexer>>(ConnectCoreAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsEmbedded => _settings.UseEmbedded;

    /// <summary>The embedded Garnet once started; null when a Redis is configured.</summary>
    public EmbeddedGarnet? Embedded { get; private set; }

    /// <summary>The connected multiplexer; throws until <see cref="ConnectAsync"/> has completed once.</summary>
    public IConnectionMultiplexer Multiplexer =>
        _connect is { IsValueCreated: true, Value.IsCompletedSuccessfully: true }
            ? _connect.Value.Result
            : throw new InvalidOperationException("Redis is not connected yet: SyncKairosRedis.ConnectAsync has not completed.");

    /// <summary>Starts the embedded Garnet when there is one, then connects the shared multiplexer (once per process).</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken = default) =>
        await _connect.Value.WaitAsync(cancellationToken);

    /// <summary>
    /// Where the process's Redis is: the connection string (in the <c>SyncKairos:Redis:ConnectionString</c> format,
    /// so the gateway's own client can parse it) and the endpoint. Starts the embedded Garnet if it is not running yet.
    /// </summary>
    public async Task<ResolvedRedis> ResolveAsync(CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken);
        return _resolved!;
    }

    private async Task<ConnectionMultiplexer> ConnectCoreAsync()
    {
        string connectionString;
        if (_settings.UseEmbedded)
        {
            Embedded = await EmbeddedGarnet.StartAsync(_embeddedSettings, _loggerFactory.CreateLogger<EmbeddedGarnet>(), CancellationToken.None);
            connectionString = Embedded.Endpoint;
        }
        else
        {
            connectionString = _settings.ConnectionString.Trim();
        }

        var options = RedisConnectionString.ToConfigurationOptions(connectionString);
        var endPoint = RedisConnectionString.EndPointOf(options);
        _resolved = new ResolvedRedis(connectionString, endPoint, _settings.UseEmbedded);
        LogConnecting(_logger, endPoint, _settings.UseEmbedded);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);

        // First in, last out: connected before membership and grains need Redis, and the embedded Garnet stops only
        // after every activation has deactivated (and written what it had to).
        lifecycle.Subscribe<SyncKairosRedis>(ServiceLifecycleStage.First, ct => ConnectAsync(ct), StopAsync);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_connect is { IsValueCreated: true, Value.IsCompletedSuccessfully: true })
        {
            await _connect.Value.Result.CloseAsync();
        }

        if (Embedded is not null)
        {
            await Embedded.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connect is { IsValueCreated: true, Value.IsCompletedSuccessfully: true })
        {
            await _connect.Value.Result.DisposeAsync();
        }

        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Connecting to Redis at {Endpoint} (embedded: {Embedded})")]
    private static partial void LogConnecting(ILogger logger, string endpoint, bool embedded);
}

/// <summary>The process's Redis as resolved at start: <see cref="ConnectionString"/> may carry credentials, <see cref="EndPoint"/> does not.</summary>
public sealed record ResolvedRedis(string ConnectionString, string EndPoint, bool IsEmbedded);
