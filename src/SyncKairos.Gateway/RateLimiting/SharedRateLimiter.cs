using Microsoft.Extensions.Options;
using SyncKairos.Gateway.Errors;
using SyncKairos.Gateway.Storage;
using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The limits of API.md, counted in Redis so that every instance draws on one budget. When Redis cannot be
/// asked the request is let through by default (<see cref="RateLimitSettings.FailOpen"/>, ADR 0019): the
/// limiter must not turn a Redis blip into an outage of the endpoints that do not need Redis. Fail closed,
/// the check throws <see cref="StoreUnavailableException"/> instead (503 / gRPC UNAVAILABLE).
/// A check that does not answer within <see cref="RateLimitSettings.CheckTimeout"/> is given up, and checks
/// are skipped for a second after a failure, so that an outage costs requests no more than the store's own
/// fail-fast 503.
/// </summary>
public sealed partial class SharedRateLimiter(StoreConnections store, IOptions<RateLimitSettings> settings, TimeProvider time, ILogger<SharedRateLimiter> logger)
{
    private const string KeyPrefix = "synckairos:rl:";
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(1);
    private long _skipUntilTicks;

    public RateLimitSettings Settings => settings.Value;

    /// <summary>The general budget of one client (subject or IP, see <see cref="ClientIdentity"/>).</summary>
    public Task<RateLimitDecision> CheckGeneralAsync(string client, CancellationToken cancellationToken) =>
        CheckAsync("general:", client, Settings.GeneralPerMinute, Settings.GeneralWindow, cancellationToken);

    /// <summary>The switch budget of one session.</summary>
    public Task<RateLimitDecision> CheckSwitchAsync(string sessionId, CancellationToken cancellationToken) =>
        CheckAsync("switch:", sessionId.ToLowerInvariant(), Settings.SwitchPerSecond, Settings.SwitchWindow, cancellationToken);

    private async Task<RateLimitDecision> CheckAsync(string kind, string subject, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var windowMs = (long)window.TotalMilliseconds;

        // The policy is part of the key: instances (or a rolling deploy) with different limits must not
        // read each other's arrival times with the wrong interval.
        var key = FormattableString.Invariant($"{KeyPrefix}{kind}{limit}/{windowMs}:{subject}");
        if (time.GetUtcNow().UtcTicks < Volatile.Read(ref _skipUntilTicks))
        {
            return Unchecked(limit, window, null);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.CheckTimeout);
        try
        {
            var reply = await store.Connection.EvalAsync(RateLimitScript.Gcra, [key], [limit, windowMs], timeout.Token);
            if (reply.IsError || reply.Items.Count < 4)
            {
                LogUnexpectedReply(logger, reply.ToString() ?? "");
                return RateLimitDecision.Unknown(limit, window);
            }

            var items = reply.Items;
            return new RateLimitDecision(
                items[0].Integer == 1,
                limit,
                window,
                Math.Max(0, items[1].Integer),
                TimeSpan.FromMilliseconds(items[2].Integer),
                TimeSpan.FromMilliseconds(items[3].Integer));
        }
        catch (Exception ex) when (ex is StoreUnavailableException or RedisConnectionException or RedisTimeoutException or RedisServerException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Volatile.Write(ref _skipUntilTicks, (time.GetUtcNow() + Cooldown).UtcTicks);
            LogStoreUnavailable(logger, ex.Message);
            return Unchecked(limit, window, ex);
        }
    }

    private RateLimitDecision Unchecked(int limit, TimeSpan window, Exception? cause) =>
        Settings.FailOpen
            ? RateLimitDecision.Unknown(limit, window)
            : throw new StoreUnavailableException("Rate limits cannot be checked: the session store is unavailable", cause);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Rate limits cannot be checked, the store is unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Rate limit script answered unexpectedly: {Reply}")]
    private static partial void LogUnexpectedReply(ILogger logger, string reply);
}
