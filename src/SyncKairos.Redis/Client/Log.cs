using Microsoft.Extensions.Logging;

namespace SyncKairos.Redis.Client;

/// <summary>Log events of the Redis client (ids 1100-1199; names are API once shipped).</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Redis handshake with {EndPoint} done, RESP{Protocol}")]
    public static partial void Handshake(ILogger logger, string endPoint, int protocol);

    [LoggerMessage(1101, LogLevel.Information, "Redis connected to {EndPoint}")]
    public static partial void Connected(ILogger logger, string endPoint);

    [LoggerMessage(1102, LogLevel.Warning, "Redis link to {EndPoint} broke; {Failed} written commands failed as may-have-executed")]
    public static partial void LinkBroken(ILogger logger, string endPoint, int failed, Exception? exception);

    [LoggerMessage(1103, LogLevel.Warning, "Redis reconnect attempt {Attempt} to {EndPoint} failed; next in {DelayMs} ms")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, string endPoint, long delayMs, Exception exception);

    [LoggerMessage(1104, LogLevel.Information, "Redis reconnected to {EndPoint} after {Attempts} attempts")]
    public static partial void Reconnected(ILogger logger, string endPoint, int attempts);

    [LoggerMessage(1105, LogLevel.Warning, "Redis link to {EndPoint} read nothing for {Milliseconds} ms with replies owed; dropping it")]
    public static partial void DeadLink(ILogger logger, string endPoint, long milliseconds);

    [LoggerMessage(1106, LogLevel.Error, "Redis pub/sub handler for {Channel} failed")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(1107, LogLevel.Information, "Redis subscriber resubscribed {Channels} channels and {Patterns} patterns on {EndPoint}")]
    public static partial void Resubscribed(ILogger logger, int channels, int patterns, string endPoint);

    [LoggerMessage(1108, LogLevel.Error, "Redis event handler {Event} failed")]
    public static partial void EventHandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(1109, LogLevel.Debug, "Redis script {Sha1} missing on the server; loading it and retrying once")]
    public static partial void ScriptReload(ILogger logger, string sha1);
}
