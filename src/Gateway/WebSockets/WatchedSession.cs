using SyncKairos.Gateway.Sessions;
using SyncKairos.Gateway.Watching;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.WebSockets;

/// <summary>
/// The hub's bookkeeping for one session with local WebSocket clients, and its single watcher in
/// <see cref="SessionSubscriptions"/>: each change is rendered once and queued to every client.
/// </summary>
internal sealed class WatchedSession(string sessionId, SessionStateRenderer renderer, object hubLock) : ISessionWatcher
{
    public string SessionId { get; } = sessionId;

    /// <summary>Guarded by the hub's lock.</summary>
    public List<WatcherConnection> Watchers { get; } = [];

    /// <summary>Orders this session's joining and leaving <see cref="SessionSubscriptions"/>.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>This entry is a watcher of the session's subscription.</summary>
    public bool Subscribed { get; set; }

    public WatcherConnection[] Snapshot()
    {
        lock (hubLock)
        {
            return [.. Watchers];
        }
    }

    public void Pushed(SessionState state) => Send(renderer.Update(state));

    public void Resynced(SessionState? state)
    {
        if (state is not null)
        {
            Send(renderer.Sync(state));
            return;
        }

        foreach (var watcher in Snapshot())
        {
            // It existed for this client and is gone now: it was deleted while the subscription was away.
            if (watcher.LastVersion > 0)
            {
                watcher.TryEnqueue(renderer.Deleted(SessionId));
            }
        }
    }

    public void Deleted() => Send(renderer.Deleted(SessionId));

    private void Send(Outbound outbound)
    {
        foreach (var watcher in Snapshot())
        {
            watcher.TryEnqueue(outbound);
        }
    }
}
