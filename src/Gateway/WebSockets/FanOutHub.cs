using System.Collections.Concurrent;
using System.Net.WebSockets;
using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Storage;
using SyncKairos.Redis.Client;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// Delivers each session's published changes to the local WebSocket clients watching it. One Redis
/// subscriber connection per instance; a session channel is subscribed while at least one local client
/// watches it. Each message is parsed and serialized once, then queued to every watcher.
/// </summary>
public sealed partial class FanOutHub : IAsyncDisposable
{
    private readonly Dictionary<string, WatchedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WatcherConnection, byte> _clients = new();
    private readonly StoreConnections _connections;
    private readonly SessionStore _store;
    private readonly SessionStateRenderer _renderer;
    private readonly ILogger<FanOutHub> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private bool _resubscribeHooked;

    public FanOutHub(StoreConnections connections, SessionStore store, SessionStateRenderer renderer, ILogger<FanOutHub> logger)
    {
        _connections = connections;
        _store = store;
        _renderer = renderer;
        _logger = logger;
    }

    /// <summary>Local WebSocket connections (for metrics and tests).</summary>
    public int ConnectionCount => _clients.Count;

    /// <summary>Session channels currently subscribed by this instance.</summary>
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

    /// <summary>Starts delivering the session's changes to <paramref name="connection"/>; subscribes if it is the first.</summary>
    public async Task JoinAsync(WatcherConnection connection, CancellationToken cancellationToken)
    {
        var subscriber = _connections.Subscriber;
        HookResubscribed(subscriber);
        WatchedSession session;
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(connection.SessionId, out session!))
            {
                session = new WatchedSession(connection.SessionId);
                _sessions.Add(connection.SessionId, session);
            }

            session.Watchers.Add(connection);
        }

        // The caller always calls LeaveAsync afterwards, also when this throws, so nothing is leaked here.
        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            bool wanted;
            lock (_sessions)
            {
                wanted = !session.Subscribed && session.Watchers.Count > 0;
            }

            if (wanted)
            {
                session.Handler ??= (_, payload) => OnPublished(session, payload);
                await subscriber.SubscribeAsync(_store.ChannelFor(session.SessionId), session.Handler, cancellationToken);
                session.Subscribed = true;
            }
        }
        finally
        {
            session.Gate.Release();
            Changed?.Invoke();
        }
    }

    /// <summary>Stops delivering to <paramref name="connection"/>; unsubscribes when it was the last watcher.</summary>
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
            await LeaveCoreAsync(connection, session);
        }
        finally
        {
            session.Gate.Release();
            Changed?.Invoke();
        }
    }

    /// <summary>Runs under the session gate, which orders SUBSCRIBE/UNSUBSCRIBE on the wire.</summary>
    private async Task LeaveCoreAsync(WatcherConnection connection, WatchedSession session)
    {
        bool last;
        lock (_sessions)
        {
            session.Watchers.Remove(connection);
            last = session.Watchers.Count == 0;
        }

        if (last && session.Subscribed)
        {
            try
            {
                var subscriber = _connections.Subscriber;
                await subscriber.UnsubscribeAsync(_store.ChannelFor(session.SessionId), session.Handler!, CancellationToken.None);
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or Errors.StoreUnavailableException)
            {
                // The subscription dies with the connection anyway; a stale one only costs a dropped message.
                LogUnsubscribeFailed(_logger, session.SessionId, ex.Message);
            }

            session.Subscribed = false;
        }

        lock (_sessions)
        {
            if (session.Watchers.Count == 0 && _sessions.TryGetValue(session.SessionId, out var current) && current == session)
            {
                _sessions.Remove(session.SessionId);
            }
        }
    }

    /// <summary>Called by the subscriber's reader for every message on a session channel: parse once, queue to all.</summary>
    private ValueTask OnPublished(WatchedSession session, ReadOnlyMemory<byte> payload)
    {
        Outbound outbound;
        try
        {
            if (!_renderer.TryRenderPublished(session.SessionId, payload.Span, out outbound))
            {
                return ValueTask.CompletedTask;
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            LogBadMessage(_logger, session.SessionId, ex);
            return ValueTask.CompletedTask;
        }

        foreach (var watcher in session.Snapshot(_sessions))
        {
            watcher.TryEnqueue(outbound);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes every local WebSocket (graceful shutdown: 1001).</summary>
    public void CloseAll(WebSocketCloseStatus status, string reason)
    {
        _stopping.Cancel();
        foreach (var connection in _clients.Keys)
        {
            connection.RequestClose(status, reason, dropQueued: true);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
