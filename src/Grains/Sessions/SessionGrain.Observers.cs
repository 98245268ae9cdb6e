using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Sessions;

public sealed partial class SessionGrain
{
    public async Task<SessionReply> Subscribe(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        // Registered even for a session that does not exist (yet): its creation is pushed like any other change.
        _observers.Subscribe(observer, observer);
        return _state is null ? NotFound() : SessionReply.Ok(_state);
    }

    public Task Unsubscribe(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // One-way sends: an observer that is gone never answers, and a slow one must not hold up the session.
    private void Push(SessionState state) => _observers.Notify(o => { _ = o.StateChanged(state); });

    private void Push(string sessionId, long deletedAtVersion) =>
        _observers.Notify(o => { _ = o.Deleted(sessionId, deletedAtVersion); });
}
