namespace SyncKairos.Gateway.RateLimiting;

/// <summary>
/// GCRA (a token bucket kept as one "theoretical arrival time") in one atomic script, one key per budget.
/// The clock is Redis's own <c>TIME</c>, so instances with skewed clocks still share one budget exactly.
/// Several budgets in one call: KEYS[i] with ARGV[2i-1] limit and ARGV[2i] window in ms, checked in order;
/// each allowed one is charged, the first refused one ends the call. Returns {allowed 0/1, remaining,
/// retry-after ms, reset ms} for each budget checked, concatenated.
/// </summary>
/// <remarks>
/// Times are whole microseconds: Redis runs Lua 5.1, where every number is a double (exact up to 2^53, about 285 years
/// of microseconds) and <c>tostring</c> prints only 14 digits, while Garnet runs Lua 5.4 with real integers. Integers
/// formatted with <c>%d</c> read back the same on both; fractional milliseconds did not. The interval is rounded
/// down, so a budget never grants fewer than its limit.
/// </remarks>
internal static class RateLimitScript
{
    public const string Gcra = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local out = {}
        for i = 1, #KEYS do
          local limit = tonumber(ARGV[2 * i - 1])
          local period = tonumber(ARGV[2 * i]) * 1000
          local interval = math.max(1, math.floor(period / limit))
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
            out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 0, 0, math.ceil((allow_at - now) / 1000), math.ceil((tat - now) / 1000)
            return out
          end
          redis.call('SET', KEYS[i], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
          out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 1, math.floor((now + period - new_tat) / interval), 0, math.ceil((new_tat - now) / 1000)
        end
        return out
        """;
}
