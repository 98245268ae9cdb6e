using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Errors;
using SyncKairos.Redis.Client;
using SyncKairos.Silo.Embedded;

namespace SyncKairos.Gateway.Storage;

/// <summary>
/// Owns this instance's two Redis connections (commands, and the pub/sub subscriber) and, when no Redis is
/// configured, the embedded Garnet they point at. Start-up waits until Redis answers; after that the
/// connections reconnect by themselves and requests fail fast with 503 while Redis is away.
/// </summary>
public sealed partial class StoreConnections(
    IOptions<RedisSettings> redisSettings,
    IOptions<EmbeddedSettings> embeddedSettings,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StoreConnections>();
    private RedisOptions? _options;
    private RedisConnection? _connection;
    private RedisSubscriber? _subscriber;

    public EmbeddedGarnet? Embedded { get; private set; }

    /// <summary>host:port of the Redis in use (no credentials).</summary>
    public string Endpoint => _options is null ? "(not started)" : $"{_options.Host}:{_options.Port}";

    public bool IsConnected => _connection is { IsConnected: true } && _subscriber is not null;

    public RedisConnection Connection =>
        Volatile.Read(ref _connection) ?? throw new StoreUnavailableException($"Not connected to Redis at {Endpoint} yet");

    public RedisSubscriber Subscriber =>
        Volatile.Read(ref _subscriber) ?? throw new StoreUnavailableException($"Not connected to Redis at {Endpoint} yet");


    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redis = redisSettings.Value;
        if (redis.UseEmbedded)
        {
            Embedded = await EmbeddedGarnet.StartAsync(embeddedSettings.Value, loggerFactory.CreateLogger<EmbeddedGarnet>(), cancellationToken);
            _options = RedisOptions.Parse(Embedded.Endpoint);
            LogUsingEmbedded(_logger, Endpoint, Embedded.DataDirectory);
        }
        else
        {
            _options = RedisOptions.Parse(redis.ConnectionString);
            LogUsingConfigured(_logger, Endpoint);
        }

        await ConnectWithRetriesAsync(cancellationToken);
    }

    /// <summary>Start-up waits for Redis (retrying with back-off); later outages are the connections' own business.</summary>
    private async Task ConnectWithRetriesAsync(CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("SyncKairos.Redis");
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _connection ??= await RedisConnection.ConnectAsync(_options!, logger, cancellationToken);
                _subscriber ??= await RedisSubscriber.ConnectAsync(_options!, logger, cancellationToken);
                if (attempt > 1)
                {
                    LogConnectedLate(_logger, Endpoint, attempt);
                }

                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                LogNotReachable(_logger, Endpoint, attempt, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (Embedded is not null)
        {
            await Embedded.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Using embedded Garnet at {Endpoint} (SyncKairos:Redis:ConnectionString is empty; data in {DataDirectory})")]
    private static partial void LogUsingEmbedded(ILogger logger, string endpoint, string dataDirectory);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Using Redis at {Endpoint} (from SyncKairos:Redis:ConnectionString)")]
    private static partial void LogUsingConfigured(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Redis at {Endpoint} is not reachable (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogNotReachable(ILogger logger, string endpoint, int attempt, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Connected to Redis at {Endpoint} after {Attempts} attempts")]
    private static partial void LogConnectedLate(ILogger logger, string endpoint, int attempts);
}
