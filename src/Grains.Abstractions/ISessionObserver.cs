using Orleans.Concurrency;

namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// A gateway silo's subscription to one session. Calls are one-way: an observer whose object was collected
/// never answers, so the grain must never wait for one (Orleans holds observers weakly).
/// </summary>
[Alias("synckairos.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>A committed state (with its version); watchers drop versions older than the one they hold.</summary>
    [OneWay]
    [Alias("StateChanged")]
    Task StateChanged(SessionState state);

    /// <summary>The session was deleted at <paramref name="version"/>.</summary>
    [OneWay]
    [Alias("Deleted")]
    Task Deleted(string sessionId, long version);

    /// <summary>
    /// The grain's activation is going away (deactivation, silo shutdown): this subscription ends with it, so the
    /// silo re-subscribes (which reactivates the session) and sends its watchers a fresh snapshot.
    /// </summary>
    [OneWay]
    [Alias("SubscriptionEnded")]
    Task SubscriptionEnded(string sessionId);
}
