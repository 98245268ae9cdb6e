using SyncKairos.Redis.Client;

namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// GCRA (a token bucket kept as one "theoretical arrival time") in one atomic script, one key per budget.
/// The clock is Redis's own <c>TIME</c>, so instances with skewed clocks still share one budget exactly.
/// Several budgets in one call: KEYS[i] with ARGV[2i-1] limit and ARGV[2i] window in ms, checked in order;
/// each allowed one is charged, the first refused one ends the call. Returns {allowed 0/1, remaining,
/// retry-after ms, reset ms} for each budget checked, concatenated.
/// </summary>
internal static class RateLimitScript
{
    public static readonly RedisScript Gcra = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local out = {}
        for i = 1, #KEYS do
          local limit = tonumber(ARGV[2 * i - 1])
          local period = tonumber(ARGV[2 * i])
          local interval = period / limit
          local tat = now
          local stored = redis.call('GET', KEYS[i])
          if stored then
            tat = tonumber(stored) or now
          end
          if tat < now then
            tat = now
          end
          local new_tat = tat + interval
          local allow_at = new_tat - period
          local n = #out
          if allow_at > now then
            out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 0, 0, math.ceil(allow_at - now), math.ceil(tat - now)
            return out
          end
          redis.call('SET', KEYS[i], string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now) + 1)
          out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, math.floor((now + period - new_tat) / interval), 0, math.ceil(new_tat - now)
        end
        return out
        """);
}
