using SyncKairos.Grains.Abstractions;
using SyncKairos.Grains.Rules;

namespace SyncKairos.Grains.Sessions;

public sealed partial class SessionGrain
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private IGrainTimer? _expiryTimer;

    public async Task Wake()
    {
        await ExpireIfDueAsync();
        if (_loaded && _state is null)
        {
            // The back-stop found a deadline whose session is gone (its state expired with the TTL): drop the entry.
            await WriteAsync(() => _storage.ForgetDeadlineAsync(Key));
        }
    }

    /// <summary>Keeps one timer due at the running session's deadline; none otherwise (then the activation may be collected).</summary>
    private void ArmExpiry()
    {
        if (_state is { Status: SessionStatuses.Running, DeadlineAt: { } deadline })
        {
            ArmTimer(TimeSpan.FromMilliseconds(Math.Max(0, deadline - _clock.NowMs)));
        }
        else
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
        }
    }

    private void ArmTimer(TimeSpan due)
    {
        if (due > _options.MaxExpiryTimerDelay)
        {
            due = _options.MaxExpiryTimerDelay;
        }

        if (_expiryTimer is not null)
        {
            // Every switch moves the deadline: re-aiming the timer is far cheaper than a new one per commit.
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
            return;
        }

        // Keep-alive: a running session stays active until it expires, so its own timer, not the back-stop, expires it.
        _expiryTimer = this.RegisterGrainTimer(
            static (grain, _) => grain.ExpireIfDueAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task ExpireIfDueAsync()
    {
        if (await TryLoadAsync() is not null)
        {
            ArmTimer(RetryDelay);
            return;
        }

        if (_state is null)
        {
            return;
        }

        var transition = SessionRules.Expire(_state, _clock.NowMs);
        if (transition.IsNothingToDo)
        {
            ArmExpiry();
            return;
        }

        var reply = await CommitAsync(transition);
        if (reply.Error is { Code: ErrorCodes.SERVICE_UNAVAILABLE })
        {
            ArmTimer(RetryDelay);
        }
    }
}
