using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Watching;

/// <summary>
/// A local follower of one session (the WebSocket hub's entry for it, or one gRPC watch). Called from the observer's
/// threads: implementations only queue, never block. Each drops states older than the version it holds.
/// </summary>
public interface ISessionWatcher
{
    /// <summary>A committed change the grain pushed.</summary>
    void Pushed(SessionState state);

    /// <summary>
    /// The subscription was lost (the grain moved, its silo died, a renewal failed) and is back: the current state,
    /// or null when the session no longer exists. Changes in between may never have been pushed.
    /// </summary>
    void Resynced(SessionState? state);

    /// <summary>The session was deleted.</summary>
    void Deleted();
}
