using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Grains.Sessions;

/// <summary>
/// One session: its committed state in memory, every command run to completion one at a time (Orleans turns), each
/// change durable in Redis before it is answered or pushed. Partial files: commands, expiry, observers.
/// </summary>
public sealed partial class SessionGrain : Grain, ISessionGrain
{
    private static readonly SessionError Unavailable =
        new(ErrorCodes.SERVICE_UNAVAILABLE, "Session store unavailable, retry later", RetryAfterSeconds: 1);

    private readonly SessionStorage _storage;
    private readonly SessionClock _clock;
    private readonly SessionGrainOptions _options;
    private readonly SwitchRateLimiter _switchLimiter;
    private readonly ObserverManager<ISessionObserver> _observers;
    private readonly ILogger _logger;
    private static readonly List<string> NoMemos = [];
    private Dictionary<string, RequestMemo> _memos = new(StringComparer.Ordinal);
    private SessionState? _state;

    // False until the state is read, and again after a write whose outcome is unknown (a timeout): the next call
    // reads the store first, so this activation never answers from a state the store does not hold.
    private bool _loaded;

    public SessionGrain(
        SessionStorage storage,
        SessionClock clock,
        IOptions<SessionGrainOptions> options,
        IOptions<SwitchRateLimitOptions> rateLimits,
        ILogger<SessionGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rateLimits);
        _storage = storage;
        _clock = clock;
        _options = options.Value;
        _switchLimiter = new SwitchRateLimiter(rateLimits.Value);
        _logger = logger;
        _observers = new ObserverManager<ISessionObserver>(_options.ObserverLease, logger);
    }

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A failed read is not a failed activation: the first command retries it and answers 503 if Redis is still away.
        await TryLoadAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var key = Key;
        _observers.Notify(o => { _ = o.SubscriptionEnded(key); });
        _observers.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Null when the state is in memory, else the 503 to answer.</summary>
    private async Task<SessionError?> TryLoadAsync()
    {
        if (_loaded)
        {
            return null;
        }

        StoredSession stored;
        try
        {
            stored = await _storage.LoadAsync(Key, _clock.NowMs);
        }
        catch (StorageUnavailableException ex)
        {
            Log.LoadFailed(_logger, Key, ex.Message);
            return Unavailable;
        }

        var before = _state;
        _state = stored.State;
        _memos = new Dictionary<string, RequestMemo>(stored.Memos, StringComparer.Ordinal);
        _loaded = true;
        if (before is not null && _state?.Version != before.Version)
        {
            // A write whose answer was lost did land (or another activation wrote): subscribers have not seen it.
            if (_state is null)
            {
                Push(before.SessionId, before.Version + 1);
            }
            else
            {
                Push(_state);
            }
        }

        ArmExpiry();
        return null;
    }

    /// <summary>Commits a rule's decision; only a durable change reaches memory, subscribers and the caller.</summary>
    private async Task<SessionReply> CommitAsync(Transition transition, string? requestId = null)
    {
        if (transition.Error is { } refused)
        {
            return SessionReply.Failed(refused);
        }

        if (transition.IsNothingToDo)
        {
            // Completing a completed session: the state as it is, no new version, nothing written or pushed.
            return SessionReply.Ok(_state!);
        }

        var next = transition.State!;
        var memo = requestId is null
            ? null
            : new RequestMemo(requestId, next, transition.ExpiredParticipantId, next.UpdatedAt + (long)_options.RequestMemoLifetime.TotalMilliseconds);
        var lapsed = LapsedMemos(next.UpdatedAt);
        if (await WriteAsync(() => _storage.CommitAsync(next, _state?.Version ?? 0, transition.EventType!, transition.Actor, memo, lapsed)) is { } failed)
        {
            return SessionReply.Failed(failed);
        }

        foreach (var id in lapsed)
        {
            _memos.Remove(id);
        }

        if (memo is not null)
        {
            _memos[memo.RequestId] = memo;
        }

        _state = next;
        Push(next);
        ArmExpiry();
        return SessionReply.Ok(next, transition.ExpiredParticipantId);
    }

    /// <summary>Runs one storage write; null on success, else the 503 to answer (memory untouched).</summary>
    private async Task<SessionError?> WriteAsync(Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (StorageUnavailableException ex)
        {
            // Timed out or cut off: the write may still land, so the next call reads the store again.
            Log.WriteFailed(_logger, Key, ex.Message);
            _loaded = false;
            return Unavailable;
        }
        catch (StorageFencedException ex)
        {
            // Another activation (or the TTL) changed the store behind this one: this activation is stale for good.
            Log.Fenced(_logger, Key, ex.Message);
            _loaded = false;
            DeactivateOnIdle();
            return Unavailable;
        }
    }

    private List<string> LapsedMemos(long nowMs)
    {
        List<string>? lapsed = null;
        foreach (var memo in _memos.Values)
        {
            if (memo.ExpiresAtMs <= nowMs)
            {
                (lapsed ??= []).Add(memo.RequestId);
            }
        }

        return lapsed ?? NoMemos;
    }

    private SessionReply NotFound() => SessionReply.Failed(Refusals.NotFound(Key));
}
