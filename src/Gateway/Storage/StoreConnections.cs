using SyncKairos.Gateway.Errors;
using SyncKairos.Redis.Client;
using SyncKairos.Silo.Embedded;
using SyncKairos.Silo.Redis;

namespace SyncKairos.Gateway.Storage;

/// <summary>
/// Owns this instance's own RESP connection, used by the rate limiter and the audit writer (session state is the
/// silo's, on StackExchange.Redis). It talks to the process's one Redis as the silo resolved it: the configured one,
/// or the embedded Garnet the silo started. Start-up waits until Redis answers; after that the connection reconnects
/// by itself and requests fail fast with 503 while Redis is away.
/// </summary>
public sealed partial class StoreConnections(SyncKairosRedis redis, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StoreConnections>();
    private RedisOptions? _options;
    private RedisConnection? _connection;

    /// <summary>The embedded Garnet once the silo started it; null when a Redis is configured.</summary>
    public EmbeddedGarnet? Embedded => redis.Embedded;

    /// <summary>host:port of the Redis in use (no credentials).</summary>
    public string Endpoint => _options is null ? "(not started)" : $"{_options.Host}:{_options.Port}";

    public bool IsConnected => _connection is { IsConnected: true };

    public RedisConnection Connection =>
        Volatile.Read(ref _connection) ?? throw new StoreUnavailableException($"Not connected to Redis at {Endpoint} yet");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resolved = await redis.ResolveAsync(cancellationToken);
        _options = RedisOptions.Parse(resolved.ConnectionString);
        if (resolved.IsEmbedded)
        {
            LogUsingEmbedded(_logger, Endpoint, Embedded?.DataDirectory ?? "");
        }
        else
        {
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
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
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
