using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SyncKairos.Gateway.Errors;
using SyncKairos.Grains.Storage;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// The general limit of docs/API.md, counted in Redis so that every instance draws on one budget. When Redis cannot be
/// asked the request is let through by default (<see cref="RateLimitSettings.FailOpen"/>, ADR 0019): the
/// limiter must not turn a Redis blip into an outage of the endpoints that do not need Redis. Fail closed,
/// the check throws <see cref="StoreUnavailableException"/> instead (503 / gRPC UNAVAILABLE).
/// A check that does not answer within <see cref="RateLimitSettings.CheckTimeout"/> is given up, and checks
/// are skipped for a second after a failure, so that an outage costs requests no more than the store's own
/// fail-fast 503. The script runs on the process's one multiplexer (<see cref="IRedisConnectionSource"/>).
/// </summary>
public sealed partial class SharedRateLimiter(IRedisConnectionSource redis, IOptions<RateLimitSettings> settings, TimeProvider time, ILogger<SharedRateLimiter> logger)
{
    // "us": arrival times in microseconds; older instances kept milliseconds under synckairos:rl:, and during a rolling
    // deploy each must not read the other's values in the wrong unit.
    private const string KeyPrefix = "synckairos:rl:us:";
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(1);
    private long _skipUntilTicks;

    public RateLimitSettings Settings => settings.Value;

    /// <summary>
    /// The general budget of one client (subject or IP, see <see cref="ClientIdentity"/>). The per-session switch
    /// budget is the session grain's: it counts switches where it runs them, without a Redis call.
    /// </summary>
    public async Task<RateLimitDecision> CheckGeneralAsync(string client, CancellationToken cancellationToken) =>
        (await CheckAsync([General(client)], cancellationToken))[0];

    private Budget General(string client) => new("general:", client, Settings.GeneralPerMinute, Settings.GeneralWindow);

    private async Task<RateLimitDecision[]> CheckAsync(Budget[] budgets, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow().UtcTicks < Volatile.Read(ref _skipUntilTicks))
        {
            return Unchecked(budgets, null);
        }

        var keys = new RedisKey[budgets.Length];
        var args = new RedisValue[2 * budgets.Length];
        for (var i = 0; i < budgets.Length; i++)
        {
            keys[i] = budgets[i].Key;
            args[2 * i] = budgets[i].Limit;
            args[(2 * i) + 1] = budgets[i].WindowMs;
        }

        try
        {
            // SE.Redis takes no cancellation token: give up waiting (the command itself is left to its own timeout).
            var reply = await RedisCommandMetrics.Timed(redis.Multiplexer.GetDatabase().ScriptEvaluateAsync(RateLimitScript.Gcra, keys, args))
                .WaitAsync(Settings.CheckTimeout, cancellationToken);
            var items = reply.Resp2Type == ResultType.Array ? (RedisResult[]?)reply ?? [] : [];
            var count = items.Length / 4;
            if (count == 0 || count > budgets.Length || items.Length % 4 != 0)
            {
                LogUnexpectedReply(logger, $"{reply}");
                return Unknown(budgets);
            }

            var decisions = new RateLimitDecision[count];
            for (var i = 0; i < count; i++)
            {
                var b = budgets[i];
                decisions[i] = new RateLimitDecision(
                    (long)items[4 * i] == 1,
                    b.Limit,
                    b.Window,
                    Math.Max(0, (long)items[(4 * i) + 1]),
                    TimeSpan.FromMilliseconds((long)items[(4 * i) + 2]),
                    TimeSpan.FromMilliseconds((long)items[(4 * i) + 3]));
            }

            return decisions;
        }

        // TimeoutException: the check's own timeout, and SE.Redis's RedisTimeoutException. InvalidOperationException:
        // the silo has not connected the multiplexer yet.
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            Volatile.Write(ref _skipUntilTicks, (time.GetUtcNow() + Cooldown).UtcTicks);
            LogStoreUnavailable(logger, ex.Message);
            return Unchecked(budgets, ex);
        }
    }

    private RateLimitDecision[] Unchecked(Budget[] budgets, Exception? cause) =>
        Settings.FailOpen
            ? Unknown(budgets)
            : throw new StoreUnavailableException("Rate limits cannot be checked: the session store is unavailable", cause);

    private static RateLimitDecision[] Unknown(Budget[] budgets) => [.. budgets.Select(b => RateLimitDecision.Unknown(b.Limit, b.Window))];

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Rate limits cannot be checked, the store is unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Rate limit script answered unexpectedly: {Reply}")]
    private static partial void LogUnexpectedReply(ILogger logger, string reply);

    /// <summary>One budget: its key (the policy is part of it, so instances or a rolling deploy with different
    /// limits never read each other's arrival times with the wrong interval), limit and window.</summary>
    private readonly record struct Budget(string Kind, string Subject, int Limit, TimeSpan Window)
    {
        public long WindowMs => (long)Window.TotalMilliseconds;

        public string Key => FormattableString.Invariant($"{KeyPrefix}{Kind}{Limit}/{WindowMs}:{Subject}");
    }
}
