namespace SyncKairos.Gateway.WebSockets;

/// <summary>The hub's bookkeeping for one session with local watchers.</summary>
internal sealed class WatchedSession(string sessionId)
{
    public string SessionId { get; } = sessionId;

    /// <summary>Guarded by the hub's lock.</summary>
    public List<WatcherConnection> Watchers { get; } = [];

    /// <summary>Orders this session's SUBSCRIBE/UNSUBSCRIBE calls.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool Subscribed { get; set; }

    /// <summary>This session's handler on the shared subscriber; unsubscribing removes exactly it.</summary>
    public Func<string, ReadOnlyMemory<byte>, ValueTask>? Handler { get; set; }

    public WatcherConnection[] Snapshot(object hubLock)
    {
        lock (hubLock)
        {
            return [.. Watchers];
        }
    }
}
