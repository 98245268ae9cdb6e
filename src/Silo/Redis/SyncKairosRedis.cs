using Microsoft.Extensions.Options;
using Orleans.Runtime;
using StackExchange.Redis;
using SyncKairos.Grains.Storage;
using SyncKairos.Silo.Embedded;

namespace SyncKairos.Silo.Redis;

/// <summary>
/// The process's one Redis: the configured one, or (empty <c>SyncKairos:Redis:ConnectionString</c>) an embedded
/// Garnet started on first use. Owns the single StackExchange.Redis multiplexer that grain storage, membership and the
/// grain directory share. The gateway's rate limiter, readiness and audit writer use the same multiplexer.
/// </summary>
public sealed partial class SyncKairosRedis : ILifecycleParticipant<ISiloLifecycle>, IRedisConnectionSource, IAsyncDisposable
{
    private readonly RedisConnectionSettings _settings;
    private readonly EmbeddedSettings _embeddedSettings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _connect;

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
        if (Embedded is not null)
        {
            LogUsingEmbedded(_logger, endPoint, Embedded.DataDirectory);
        }
        else
        {
            LogUsingConfigured(_logger, endPoint);
        }

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

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Using Redis at {Endpoint} (from SyncKairos:Redis:ConnectionString)")]
    private static partial void LogUsingConfigured(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Using embedded Garnet at {Endpoint} (SyncKairos:Redis:ConnectionString is empty; data in {DataDirectory})")]
    private static partial void LogUsingEmbedded(ILogger logger, string endpoint, string dataDirectory);
}
