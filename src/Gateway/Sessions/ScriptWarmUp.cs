using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.Sessions;

/// <summary>
/// Runs one session script before the first request: a fresh server (notably Garnet, which starts its Lua
/// host lazily) can take around a second for the first script, which a user's first request would otherwise
/// pay against its command timeout. Expiring a session that does not exist changes nothing.
/// </summary>
internal sealed partial class ScriptWarmUp(IServiceProvider services, ILogger<ScriptWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Resolved here, not injected: the store needs the connection made by an earlier hosted service.
            var store = services.GetRequiredService<SessionStore>();
            await store.ExpireAsync(Guid.NewGuid().ToString(), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or RedisServerException)
        {
            LogWarmUpFailed(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Script warm-up failed ({Reason}); the first requests may be slow")]
    private static partial void LogWarmUpFailed(ILogger logger, string reason);
}
