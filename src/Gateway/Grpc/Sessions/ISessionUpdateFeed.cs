namespace SyncKairos.Gateway.Grpc.Sessions;

/// <summary>The published changes of sessions, for WatchSession.</summary>
public interface ISessionUpdateFeed
{
    /// <summary>
    /// Delivers the session's changes to <paramref name="onUpdate"/>, in order, from when this returns until
    /// the returned handle is disposed. Pub/sub is at-most-once: a <see cref="SessionUpdateKind.Resync"/>
    /// says messages may have been lost.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(string sessionId, Func<SessionUpdate, ValueTask> onUpdate, CancellationToken cancellationToken);
}
