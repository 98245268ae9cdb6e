using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// GCRA (a token bucket kept as one "theoretical arrival time") in one atomic script, one key per budget.
/// The clock is Redis's own <c>TIME</c>, so instances with skewed clocks still share one budget exactly.
/// ARGV: limit, window in ms. Returns {allowed 0/1, remaining, retry-after ms, reset ms}.
/// </summary>
internal static class RateLimitScript
{
    public static readonly RedisScript Gcra = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local limit = tonumber(ARGV[1])
        local period = tonumber(ARGV[2])
        local interval = period / limit
        local tat = now
        local stored = redis.call('GET', KEYS[1])
        if stored then
          tat = tonumber(stored) or now
        end
        if tat < now then
          tat = now
        end
        local new_tat = tat + interval
        local allow_at = new_tat - period
        if allow_at > now then
          return {0, 0, math.ceil(allow_at - now), math.ceil(tat - now)}
        end
        redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now) + 1)
        return {1, math.floor((now + period - new_tat) / interval), 0, math.ceil(new_tat - now)}
        """);
}
