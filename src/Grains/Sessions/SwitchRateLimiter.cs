using SyncKairos.Grains.Abstractions;

namespace SyncKairos.Grains.Sessions;

/// <summary>
/// GCRA (a token bucket kept as one theoretical arrival time), as the gateway's shared limiter counted it in Redis,
/// now in the activation's memory: the grain sees every switch of its session, so no shared counter is needed.
/// </summary>
internal sealed class SwitchRateLimiter(SwitchRateLimitOptions options)
{
    private double _tat;

    /// <summary>Null when the switch may go ahead (and is charged), else the 429 to answer.</summary>
    public SessionError? TryAcquire(long nowMs)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var period = options.SwitchWindow.TotalMilliseconds;
        var interval = period / options.SwitchPerSecond;
        var tat = Math.Max(_tat, nowMs);
        var allowAt = tat + interval - period;
        if (allowAt > nowMs)
        {
            var retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((allowAt - nowMs) / 1000));
            return new SessionError(ErrorCodes.RATE_LIMIT_EXCEEDED, "Too many requests, retry later", RetryAfterSeconds: retryAfterSeconds);
        }

        _tat = tat + interval;
        return null;
    }
}
