using Microsoft.Extensions.Logging;

namespace SyncKairos.Grains.Sessions;

internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Session {SessionId}: could not read the store: {Reason}")]
    public static partial void LoadFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Session {SessionId}: write failed, answered 503 (the store is read again before the next answer): {Reason}")]
    public static partial void WriteFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Session {SessionId}: write refused by the fence, deactivating: {Reason}")]
    public static partial void Fenced(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Expiry back-stop: scanning deadline bucket {Bucket} failed: {Reason}")]
    public static partial void BackstopScanFailed(ILogger logger, int bucket, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Expiry back-stop woke {Count} overdue sessions in bucket {Bucket}")]
    public static partial void BackstopWoke(ILogger logger, int count, int bucket);
}
