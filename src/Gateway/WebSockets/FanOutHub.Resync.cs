using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.WebSockets;

public sealed partial class FanOutHub
{
    private void HookResubscribed(RedisSubscriber subscriber)
    {
        lock (_sessions)
        {
            if (_resubscribeHooked)
            {
                return;
            }

            _resubscribeHooked = true;
        }

        subscriber.Resubscribed += () => _ = Task.Run(ResyncAllAsync);
    }

    /// <summary>
    /// Pub/sub is at-most-once: whatever was published while the subscriber was reconnecting is gone, so
    /// every local watcher gets a fresh snapshot.
    /// </summary>
    private async Task ResyncAllAsync()
    {
        WatchedSession[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions.Values];
        }

        LogResync(_logger, sessions.Length);
        foreach (var session in sessions)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var snapshot = await _renderer.SnapshotAsync(session.SessionId, WebSocketMessages.StateSync, _stopping.Token);
                foreach (var watcher in session.Snapshot(_sessions))
                {
                    if (snapshot is { } sync)
                    {
                        watcher.TryEnqueue(sync);
                    }
                    else if (watcher.LastVersion > 0)
                    {
                        // It existed for this client and is gone now: it was deleted while we were away.
                        watcher.TryEnqueue(_renderer.Deleted(session.SessionId));
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogResyncFailed(_logger, session.SessionId, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Redis subscriber reconnected; sending STATE_SYNC to the watchers of {Count} sessions")]
    private static partial void LogResync(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Could not resync session {SessionId} after a Redis reconnect: {Reason}")]
    private static partial void LogResyncFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Ignoring an unreadable message on the channel of session {SessionId}")]
    private static partial void LogBadMessage(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Unsubscribe from session {SessionId} failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string sessionId, string reason);
}
