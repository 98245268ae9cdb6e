namespace SyncKairos.Grains.Storage;

/// <summary>
/// The storage scripts. Each write is one script, so a change, its deadline entry, its audit event and its request
/// memo land together or not at all; each refuses unless the stored version is the one the activation holds (a
/// fencing token against a second activation left over from a partition). Integers are formatted with %d (Garnet
/// runs Lua 5.4, where tostring(1.0) is "1.0"). The audit event is byte for byte the one the former Lua engine wrote
/// (common.lua's audit_event), so the audit writer reads it unchanged.
/// </summary>
internal static class SessionScripts
{
    private const string Common = """
        local K_STATE, K_DEADLINES, K_AUDIT, K_MEMOS = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
        local function fmt(n)
          return string.format('%d', n)
        end
        -- The state's first "version" field is its own: it follows session_id (a UUID), sync_mode and status, and
        -- client metadata comes after it. Matching it avoids decoding the whole state on every write.
        local function stored_version(raw)
          if not raw then
            return 0
          end
          return tonumber(string.match(raw, '"version":(%d+)'))
        end
        local function audit_event(session_id, version, event_type, at, actor, state_json)
          local parts = {
            '{"event_id":', cjson.encode(session_id .. ':' .. fmt(version)),
            ',"session_id":', cjson.encode(session_id),
            ',"version":', fmt(version),
            ',"event_type":"', event_type, '"',
            ',"at":', fmt(at),
          }
          if actor ~= '' then
            parts[#parts + 1] = ',"actor":'
            parts[#parts + 1] = cjson.encode(actor)
          end
          parts[#parts + 1] = ',"state":'
          parts[#parts + 1] = state_json
          parts[#parts + 1] = '}'
          return table.concat(parts)
        end

        """;

    /// <summary>
    /// KEYS: state, deadlines, audit, memos. ARGV[1] expected stored version (0: must not exist), ARGV[2] member (lower
    /// id), ARGV[3] state JSON, ARGV[4] session id as stored, ARGV[5] version, ARGV[6] event type, ARGV[7] at, ARGV[8]
    /// actor ('' none), ARGV[9] TTL ms, ARGV[10] deadline_at ('' none), ARGV[11] request id ('' none), ARGV[12] memo,
    /// ARGV[13..] memo fields to drop (lapsed). Returns 1, or {0, stored version} when fenced.
    /// </summary>
    public const string Commit = Common + """
        local raw = redis.call('GET', K_STATE)
        local current = stored_version(raw)
        if current ~= tonumber(ARGV[1]) then
          return { 0, current }
        end
        local ttl = ARGV[9]
        redis.call('SET', K_STATE, ARGV[3], 'PX', ttl)
        if ARGV[10] ~= '' then
          redis.call('ZADD', K_DEADLINES, ARGV[10], ARGV[2])
        else
          redis.call('ZREM', K_DEADLINES, ARGV[2])
        end
        redis.call('RPUSH', K_AUDIT, audit_event(ARGV[4], tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7]), ARGV[8], ARGV[3]))
        for i = 13, #ARGV do
          redis.call('HDEL', K_MEMOS, ARGV[i])
        end
        if ARGV[11] ~= '' then
          redis.call('HSET', K_MEMOS, ARGV[11], ARGV[12])
        end
        redis.call('PEXPIRE', K_MEMOS, ttl)
        return 1
        """;

    /// <summary>
    /// KEYS: state, deadlines, audit, memos. ARGV[1] expected stored version, ARGV[2] member, ARGV[3] session id as
    /// stored, ARGV[4] at. The event (session_deleted at version + 1) carries the last state as stored.
    /// Returns 1, or {0, stored version} when fenced.
    /// </summary>
    public const string Delete = Common + """
        local raw = redis.call('GET', K_STATE)
        local current = stored_version(raw)
        if current ~= tonumber(ARGV[1]) or current == 0 then
          return { 0, current }
        end
        redis.call('DEL', K_STATE, K_MEMOS)
        redis.call('ZREM', K_DEADLINES, ARGV[2])
        redis.call('RPUSH', K_AUDIT, audit_event(ARGV[3], current + 1, 'session_deleted', tonumber(ARGV[4]), '', raw))
        return 1
        """;
}
