using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Watching;

/// <summary>
/// This silo's subscription to one session: the observer object the grain pushes to (held here strongly, because
/// Orleans holds observers weakly) and the local watchers it serves. Its fields are guarded by <see cref="Sync"/>.
/// </summary>
internal sealed class SessionSubscription(string key, SessionSubscriptions owner) : ISessionObserver
{
    /// <summary>The grain key (the id in lower case).</summary>
    public string Key { get; } = key;

    public Lock Sync { get; } = new();

    /// <summary>Orders this session's Subscribe and Unsubscribe calls.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public List<ISessionWatcher> Watchers { get; } = [];

    /// <summary>The reference the grain holds; created on first subscribe, deleted once retired and the lease lapsed.</summary>
    public ISessionObserver? Reference { get; set; }

    /// <summary>The grain holds a live lease for <see cref="Reference"/> (as far as this silo knows).</summary>
    public bool Subscribed { get; set; }

    /// <summary>It was subscribed and lost that: the next subscribe resyncs every watcher.</summary>
    public bool Lost { get; set; }

    /// <summary>Set while a renewal or a recovery runs, so the renewal loop does not queue another.</summary>
    public bool Busy { get; set; }

    public long RenewedAtTicks { get; set; }

    /// <summary>The newest state known here (null: none, or deleted), and its version (0 with none).</summary>
    public SessionState? State { get; set; }

    public long Version => State?.Version ?? 0;

    public ISessionWatcher[] WatchersSnapshot()
    {
        lock (Sync)
        {
            return [.. Watchers];
        }
    }

    public Task StateChanged(SessionState state)
    {
        owner.OnStateChanged(this, state);
        return Task.CompletedTask;
    }

    public Task Deleted(string sessionId, long version)
    {
        owner.OnDeleted(this);
        return Task.CompletedTask;
    }

    public Task SubscriptionEnded(string sessionId)
    {
        owner.OnSubscriptionEnded(this);
        return Task.CompletedTask;
    }
}
