namespace SyncKairos.Gateway.WebSockets;

public sealed partial class WatcherConnection
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "WebSocket client of session {SessionId} fell {Capacity} messages behind; closing it with 1013")]
    private static partial void LogTooSlow(ILogger logger, string sessionId, int capacity);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "WebSocket client of session {SessionId} went away: {Reason}")]
    private static partial void LogReceiveEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "WebSocket client of session {SessionId} kept sending over its message rate limit; closing it with 1008")]
    private static partial void LogFlooding(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 5300, Level = LogLevel.Error, Message = "Handling a message from the WebSocket client of session {SessionId} failed; the client stays connected")]
    private static partial void LogMessageFailed(ILogger logger, string sessionId, Exception exception);
}
