using Microsoft.Extensions.Logging;

namespace SyncKairos.Redis.Sessions;

/// <summary>Generated logging for the session store and sweeper (event ids 3150–3199; the gateway's fan-out hub has 3101–3104).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3150, Level = LogLevel.Information, Message = "Expiry sweeper started: every {IntervalMs} ms over {Buckets} bucket(s)")]
    public static partial void SweeperStarted(ILogger logger, int intervalMs, int buckets);

    [LoggerMessage(EventId = 3151, Level = LogLevel.Debug, Message = "Session {SessionId} expired at version {Version} (status {Status}), {LagMs} ms after its deadline")]
    public static partial void SessionExpired(ILogger logger, string sessionId, long version, string status, long lagMs);

    [LoggerMessage(EventId = 3152, Level = LogLevel.Warning, Message = "Expiry sweep failed; retrying on the next poll")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3153, Level = LogLevel.Warning, Message = "Expiring session {SessionId} failed; retrying on the next poll")]
    public static partial void ExpireFailed(ILogger logger, string sessionId, Exception exception);
}
