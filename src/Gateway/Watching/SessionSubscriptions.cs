using Orleans.Runtime;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Gateway.Watching;

/// <summary>
/// Fan-out from the session grains to this silo's watchers (ADR 0026): one <see cref="ISessionObserver"/> per session
/// that at least one local WebSocket or gRPC watcher follows, reference-counted across both. The grain holds the
/// observer on a lease, renewed here well inside it. When a subscription may have missed pushes (the grain's
/// activation went away, a renewal failed, the cluster declared a silo dead) it is renewed and every watcher gets
/// the current state again.
/// </summary>
public sealed partial class SessionSubscriptions(
    IGrainFactory grains,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<SessionSubscriptions> logger) : BackgroundService
{
    /// <summary>How often a lease is renewed; the grain's lease is about 20 s.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an observer outlives its subscription: a one-way push still in flight to a deleted reference makes
    /// Orleans log errors, and the grain may push until its lease has lapsed.
    /// </summary>
    public static readonly TimeSpan RetireAfter = TimeSpan.FromSeconds(30);

    /// <summary>Granularity of renewals and retries; a lost subscription is retried this often.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, SessionSubscription> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Queue<(ISessionObserver Reference, long DueTicks)> _retiring = new();

    /// <summary>Raised after a watcher joined or left or a subscription changed (for metrics and tests).</summary>
    public event Action? Changed;

    /// <summary>Sessions this silo holds a subscription for.</summary>
    public int SubscribedCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Values.Count(s => s.Subscribed);
            }
        }
    }

    /// <summary>Observers retired but not yet deleted (for tests).</summary>
    public int RetiringCount
    {
        get
        {
            lock (_lock)
            {
                return _retiring.Count;
            }
        }
    }

    public bool IsSubscribed(string sessionId)
    {
        lock (_lock)
        {
            return _sessions.TryGetValue(Key(sessionId), out var subscription) && subscription.Subscribed;
        }
    }

    /// <summary>
    /// Adds <paramref name="watcher"/> to the session's subscription, subscribing when it is the first, and answers
    /// the current state (null: the session does not exist yet; its creation will be pushed). Pushes may reach the
    /// watcher before this returns; they are never older than the answer's version by more than reordering.
    /// Throws <see cref="StoreUnavailableException"/> (or an Orleans failure) when the grain cannot be reached.
    /// </summary>
    public async Task<SessionState?> JoinAsync(string sessionId, ISessionWatcher watcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        var key = Key(sessionId);
        SessionSubscription subscription;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(key, out subscription!))
            {
                subscription = new SessionSubscription(key, this);
                _sessions.Add(key, subscription);
            }

            lock (subscription.Sync)
            {
                subscription.Watchers.Add(watcher);
            }
        }

        try
        {
            await subscription.Gate.WaitAsync(cancellationToken);
            try
            {
                if (!subscription.Subscribed)
                {
                    await SubscribeAsync(subscription);
                }

                lock (subscription.Sync)
                {
                    return subscription.State;
                }
            }
            finally
            {
                subscription.Gate.Release();
            }
        }
        catch
        {
            await LeaveAsync(sessionId, watcher);
            throw;
        }
        finally
        {
            Changed?.Invoke();
        }
    }

    /// <summary>The newest state this silo holds for a session it is subscribed to (null: none, or not subscribed).</summary>
    public SessionState? Current(string sessionId)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(Key(sessionId), out var subscription))
            {
                return null;
            }

            lock (subscription.Sync)
            {
                return subscription.State;
            }
        }
    }

    /// <summary>Removes <paramref name="watcher"/>; the last one out unsubscribes and retires the observer.</summary>
    public async Task LeaveAsync(string sessionId, ISessionWatcher watcher)
    {
        var key = Key(sessionId);
        SessionSubscription? subscription;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(key, out subscription))
            {
                return;
            }

            lock (subscription.Sync)
            {
                subscription.Watchers.Remove(watcher);
                if (subscription.Watchers.Count > 0)
                {
                    return;
                }
            }
        }

        await subscription.Gate.WaitAsync();
        try
        {
            lock (_lock)
            {
                // A watcher that joined meanwhile keeps it; a joiner after this finds no entry and starts a new one.
                lock (subscription.Sync)
                {
                    if (subscription.Watchers.Count > 0)
                    {
                        return;
                    }
                }

                if (_sessions.TryGetValue(key, out var current) && current == subscription)
                {
                    _sessions.Remove(key);
                }
            }

            await UnsubscribeAsync(subscription);
        }
        finally
        {
            subscription.Gate.Release();
            Changed?.Invoke();
        }
    }

    internal void OnStateChanged(SessionSubscription subscription, SessionState state)
    {
        lock (subscription.Sync)
        {
            // Pushes are one-way messages and may overtake each other; the newest state wins.
            if (state.Version <= subscription.Version)
            {
                return;
            }

            subscription.State = state;
        }

        foreach (var watcher in subscription.WatchersSnapshot())
        {
            watcher.Pushed(state);
        }
    }

    internal void OnDeleted(SessionSubscription subscription)
    {
        lock (subscription.Sync)
        {
            // A session created again under this id starts over at version 1.
            subscription.State = null;
        }

        foreach (var watcher in subscription.WatchersSnapshot())
        {
            watcher.Deleted();
        }
    }

    internal void OnSubscriptionEnded(SessionSubscription subscription)
    {
        LogSubscriptionEnded(logger, subscription.Key);
        MarkLost(subscription);
        _ = RecoverAsync(subscription);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchingMembership = WatchMembershipAsync(stoppingToken);
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                RenewDue();
                DeleteRetired();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await watchingMembership;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        SessionSubscription[] all;
        lock (_lock)
        {
            all = [.. _sessions.Values];
        }

        // Best effort: a grain whose lease is not renewed forgets this silo anyway.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await Task.WhenAll(all.Where(s => s.Subscribed && s.Reference is not null)
                .Select(s => grains.GetGrain<ISessionGrain>(s.Key).Unsubscribe(s.Reference!)))
                .WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException || StoreFailures.IsUnavailable(ex))
        {
            LogUnsubscribeFailed(logger, "(shutdown)", ex.Message);
        }
    }

    /// <summary>Called under the subscription's gate.</summary>
    private async Task SubscribeAsync(SessionSubscription subscription)
    {
        subscription.Reference ??= grains.CreateObjectReference<ISessionObserver>(subscription);
        long before;
        lock (subscription.Sync)
        {
            before = subscription.Version;
        }

        var reply = await grains.GetGrain<ISessionGrain>(subscription.Key).Subscribe(subscription.Reference);
        if (reply.Error is { Code: not ErrorCodes.SESSION_NOT_FOUND } error)
        {
            throw new StoreUnavailableException(error.Message);
        }

        lock (subscription.Sync)
        {
            // The answer is the state when the grain registered us; a push that arrived meanwhile is newer.
            if (subscription.Version == before || (reply.State?.Version ?? 0) > subscription.Version)
            {
                subscription.State = reply.State;
            }

            subscription.Subscribed = true;
            subscription.RenewedAtTicks = time.GetUtcNow().UtcTicks;
        }
    }

    private async Task UnsubscribeAsync(SessionSubscription subscription)
    {
        if (subscription.Subscribed && subscription.Reference is not null)
        {
            try
            {
                await grains.GetGrain<ISessionGrain>(subscription.Key).Unsubscribe(subscription.Reference);
            }
            catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
            {
                // The lease lapses on its own; until then the grain's pushes reach a retired observer and are dropped.
                LogUnsubscribeFailed(logger, subscription.Key, ex.Message);
            }
        }

        subscription.Subscribed = false;
        if (subscription.Reference is { } reference)
        {
            // The reference retires on its own schedule; a later subscribe of this subscription makes a fresh one.
            subscription.Reference = null;
            lock (_lock)
            {
                _retiring.Enqueue((reference, (time.GetUtcNow() + RetireAfter).UtcTicks));
            }
        }
    }

    private void RenewDue()
    {
        var now = time.GetUtcNow().UtcTicks;
        SessionSubscription[] all;
        lock (_lock)
        {
            all = [.. _sessions.Values];
        }

        foreach (var subscription in all)
        {
            bool recover;
            lock (subscription.Sync)
            {
                if (subscription.Busy || subscription.Watchers.Count == 0)
                {
                    continue;
                }

                recover = subscription.Lost;
                if (!recover && (!subscription.Subscribed || now - subscription.RenewedAtTicks < RenewInterval.Ticks))
                {
                    continue;
                }

                subscription.Busy = true;
            }

            _ = recover ? RecoverAsync(subscription) : RenewAsync(subscription);
        }
    }

    /// <summary>Renews the lease; an answer newer than what was pushed means pushes were lost on the way.</summary>
    private async Task RenewAsync(SessionSubscription subscription)
    {
        await subscription.Gate.WaitAsync();
        try
        {
            if (!subscription.Subscribed || subscription.Lost)
            {
                return;
            }

            long before;
            lock (subscription.Sync)
            {
                before = subscription.Version;
            }

            try
            {
                await SubscribeAsync(subscription);
            }
            catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
            {
                LogRenewalFailed(logger, subscription.Key, ex.Message);
                MarkLost(subscription);
                return;
            }

            SessionState? state;
            lock (subscription.Sync)
            {
                state = subscription.State;
            }

            if ((state?.Version ?? 0) != before)
            {
                Resync(subscription, state);
            }
        }
        finally
        {
            Done(subscription);
        }
    }

    /// <summary>Subscribes again after a loss and sends every watcher the current state.</summary>
    private async Task RecoverAsync(SessionSubscription subscription)
    {
        await subscription.Gate.WaitAsync();
        try
        {
            lock (subscription.Sync)
            {
                if (subscription.Watchers.Count == 0 || !subscription.Lost)
                {
                    return;
                }
            }

            try
            {
                await SubscribeAsync(subscription);
            }
            catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
            {
                // Retried on the next tick: commands for this session answer 503 until the cluster notices.
                LogRenewalFailed(logger, subscription.Key, ex.Message);
                return;
            }

            SessionState? state;
            lock (subscription.Sync)
            {
                subscription.Lost = false;
                state = subscription.State;
            }

            Resync(subscription, state);
        }
        finally
        {
            Done(subscription);
        }
    }

    private void Done(SessionSubscription subscription)
    {
        lock (subscription.Sync)
        {
            subscription.Busy = false;
        }

        subscription.Gate.Release();
        Changed?.Invoke();
    }

    private static void Resync(SessionSubscription subscription, SessionState? state)
    {
        foreach (var watcher in subscription.WatchersSnapshot())
        {
            watcher.Resynced(state);
        }
    }

    private void MarkLost(SessionSubscription subscription)
    {
        lock (subscription.Sync)
        {
            if (subscription.Subscribed)
            {
                subscription.Lost = true;
            }
        }
    }

    /// <summary>
    /// A silo declared dead took its activations with it, and their observer lists: every subscription is renewed
    /// (which activates a lost session elsewhere) rather than guessing which grains lived there.
    /// </summary>
    private async Task WatchMembershipAsync(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress>? dead = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var nowDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToHashSet();
                if (dead is not null && nowDead.Except(dead).Any())
                {
                    SessionSubscription[] all;
                    lock (_lock)
                    {
                        all = [.. _sessions.Values];
                    }

                    LogSiloDeclaredDead(logger, all.Length);
                    foreach (var subscription in all)
                    {
                        MarkLost(subscription);
                        _ = RecoverAsync(subscription);
                    }
                }

                dead = nowDead;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void DeleteRetired()
    {
        var now = time.GetUtcNow().UtcTicks;
        while (true)
        {
            ISessionObserver retired;
            lock (_lock)
            {
                if (!_retiring.TryPeek(out var next) || next.DueTicks > now)
                {
                    return;
                }

                retired = _retiring.Dequeue().Reference;
            }

            // Orleans deletes by the reference CreateObjectReference returned, not by the local object.
            grains.DeleteObjectReference<ISessionObserver>(retired);
        }
    }

    private static string Key(string sessionId) => sessionId.ToLowerInvariant();

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Subscription to session {SessionId} ended with its activation; subscribing again")]
    private static partial void LogSubscriptionEnded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Could not renew the subscription to session {SessionId}: {Reason}; retrying")]
    private static partial void LogRenewalFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Information, Message = "A silo was declared dead; renewing the subscriptions of {Count} sessions")]
    private static partial void LogSiloDeclaredDead(ILogger logger, int count);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Debug, Message = "Unsubscribe from session {SessionId} failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string sessionId, string reason);
}
