using System.Collections.Concurrent;
using System.Net.WebSockets;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Watching;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// Delivers each session's committed changes to the local WebSocket clients watching it. A session is one
/// watcher of this silo's <see cref="SessionSubscriptions"/> while at least one local client watches it; each
/// change is serialized once, then queued to every client.
/// </summary>
public sealed class FanOutHub(SessionSubscriptions subscriptions, SessionStateRenderer renderer)
{
    private readonly Dictionary<string, WatchedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WatcherConnection, byte> _clients = new();

    /// <summary>Local WebSocket connections (for metrics and tests).</summary>
    public int ConnectionCount => _clients.Count;

    /// <summary>Sessions whose changes this hub receives.</summary>
    public int SubscribedSessionCount
    {
        get
        {
            lock (_sessions)
            {
                return _sessions.Values.Count(s => s.Subscribed);
            }
        }
    }

    /// <summary>Raised after a watcher joined or left or a subscription changed (for metrics and tests).</summary>
    public event Action? Changed;

    public int WatcherCount(string sessionId)
    {
        lock (_sessions)
        {
            return _sessions.TryGetValue(sessionId, out var session) ? session.Watchers.Count : 0;
        }
    }

    public bool IsSubscribed(string sessionId)
    {
        lock (_sessions)
        {
            return _sessions.TryGetValue(sessionId, out var session) && session.Subscribed;
        }
    }

    public void Track(WatcherConnection connection) => _clients.TryAdd(connection, 0);

    public void Untrack(WatcherConnection connection) => _clients.TryRemove(connection, out _);

    /// <summary>
    /// Starts delivering the session's changes to <paramref name="connection"/> and queues it the current state as
    /// STATE_SYNC when the session exists. Subscribing answers the state in the same turn, so no change falls
    /// between the snapshot and the first push.
    /// </summary>
    public async Task JoinAsync(WatcherConnection connection, CancellationToken cancellationToken)
    {
        WatchedSession session;
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(connection.SessionId, out session!))
            {
                session = new WatchedSession(connection.SessionId, renderer, _sessions);
                _sessions.Add(connection.SessionId, session);
            }

            session.Watchers.Add(connection);
        }

        // The caller always calls LeaveAsync afterwards, also when this throws, so nothing is leaked here.
        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = session.Subscribed
                ? subscriptions.Current(connection.SessionId)
                : await subscriptions.JoinAsync(connection.SessionId, session, cancellationToken);
            session.Subscribed = true;
            if (state is not null)
            {
                connection.TryEnqueue(renderer.Sync(state));
            }
        }
        finally
        {
            session.Gate.Release();
            Changed?.Invoke();
        }
    }

    /// <summary>Stops delivering to <paramref name="connection"/>; the session leaves the subscriptions with its last client.</summary>
    public async Task LeaveAsync(WatcherConnection connection)
    {
        WatchedSession? session;
        lock (_sessions)
        {
            _sessions.TryGetValue(connection.SessionId, out session);
        }

        if (session is null)
        {
            return;
        }

        await session.Gate.WaitAsync();
        try
        {
            bool last;
            lock (_sessions)
            {
                session.Watchers.Remove(connection);
                last = session.Watchers.Count == 0;
                if (last && _sessions.TryGetValue(session.SessionId, out var current) && current == session)
                {
                    _sessions.Remove(session.SessionId);
                }
            }

            if (last && session.Subscribed)
            {
                session.Subscribed = false;
                await subscriptions.LeaveAsync(session.SessionId, session);
            }
        }
        finally
        {
            session.Gate.Release();
            Changed?.Invoke();
        }
    }

    /// <summary>Closes every local WebSocket (graceful shutdown: 1001).</summary>
    public void CloseAll(WebSocketCloseStatus status, string reason)
    {
        foreach (var connection in _clients.Keys)
        {
            connection.RequestClose(status, reason, dropQueued: true);
        }
    }
}
