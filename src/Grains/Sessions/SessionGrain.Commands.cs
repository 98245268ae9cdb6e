using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;

namespace SyncKairos.Grains.Sessions;

public sealed partial class SessionGrain
{
    public async Task<SessionReply> Create(CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        if (_state is not null)
        {
            return SessionReply.Failed(Refusals.AlreadyExists(request.SessionId ?? _state.SessionId));
        }

        return await CommitAsync(SessionRules.Create(request, _clock.NowMs));
    }

    public async Task<SessionReply> Get()
    {
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        return _state is null ? NotFound() : SessionReply.Ok(_state);
    }

    public Task<SessionReply> Start() => RunAsync(static (s, now) => SessionRules.Start(s, now));

    public Task<SessionReply> Pause() => RunAsync(static (s, now) => SessionRules.Pause(s, now));

    public Task<SessionReply> Resume() => RunAsync(static (s, now) => SessionRules.Resume(s, now));

    public Task<SessionReply> Complete() => RunAsync(static (s, now) => SessionRules.Complete(s, now));

    public async Task<SessionReply> Switch(SwitchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        if (_state is null)
        {
            return NotFound();
        }

        var now = _clock.NowMs;
        var requestId = string.IsNullOrEmpty(request.RequestId) ? null : request.RequestId;
        if (requestId is not null && _memos.TryGetValue(requestId, out var memo) && memo.ExpiresAtMs > now)
        {
            // A repeat (a client retrying after a lost answer): the first answer again, nothing changes, nothing counted.
            return SessionReply.Ok(memo.State, memo.ExpiredParticipantId);
        }

        if (_switchLimiter.TryAcquire(now) is { } limited)
        {
            return SessionReply.Failed(limited);
        }

        return await CommitAsync(SessionRules.Switch(_state, request, now), requestId);
    }

    public async Task<SessionReply> Delete()
    {
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        if (_state is not { } last)
        {
            return new SessionReply { Existed = false };
        }

        var transition = SessionRules.Delete(last, _clock.NowMs);
        if (transition.Error is { } refused)
        {
            return SessionReply.Failed(refused);
        }

        var at = Math.Max(_clock.NowMs, last.UpdatedAt);
        if (await WriteAsync(() => _storage.DeleteAsync(last, at)) is { } failed)
        {
            return SessionReply.Failed(failed);
        }

        _state = null;
        _memos.Clear();
        ArmExpiry();
        Push(last.SessionId, last.Version + 1);
        return SessionReply.Ok(last);
    }

    private async Task<SessionReply> RunAsync(Func<SessionState, long, Transition> rule)
    {
        if (await TryLoadAsync() is { } unavailable)
        {
            return SessionReply.Failed(unavailable);
        }

        return _state is null ? NotFound() : await CommitAsync(rule(_state, _clock.NowMs));
    }
}
