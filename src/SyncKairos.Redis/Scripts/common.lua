-- Shared helpers. The store prepends this file to every command script, so each
-- script is self-contained for EVALSHA. Rules (docs/adr/0004): every key in KEYS,
-- validate before the first write, integers formatted with %d (Garnet runs Lua 5.4,
-- where tostring(1.0) is "1.0"), all times are integer epoch milliseconds.
-- KEYS[1] state, KEYS[2] deadlines zset, KEYS[3] audit list
-- ARGV[1] session id, ARGV[2] now (ms), ARGV[3] ttl (ms), ARGV[4] channel
local K_STATE, K_DEADLINES, K_AUDIT = KEYS[1], KEYS[2], KEYS[3]
-- ARGV[1] is the id as the caller wrote it (error messages); keys, deadline members and channels
-- use its lower-case form (ids are case-insensitive); events and messages echo the stored id.
local sid = ARGV[1]
local member = string.lower(sid)
local now_in = tonumber(ARGV[2])
local ttl_ms = tonumber(ARGV[3])
local channel = ARGV[4]

local function fmt(n)
  return string.format('%d', n)
end

local function fail(code, message)
  return redis.error_reply(code .. ' ' .. message)
end

local function not_found()
  return fail('SESSION_NOT_FOUND', 'Session ' .. sid .. ' not found')
end

local function bad_status(st, what)
  return fail('INVALID_STATE_TRANSITION', 'Session ' .. sid .. ' ' .. what .. ' (current status: ' .. st.status .. ')')
end

local function load_raw()
  local raw = redis.call('GET', K_STATE)
  if not raw then
    return nil, nil
  end
  return raw, cjson.decode(raw)
end

-- Time never runs backwards within a session, whatever the caller's clock says.
local function clamp_now(st)
  if st.updated_at ~= nil and st.updated_at > now_in then
    return st.updated_at
  end
  return now_in
end

local function same(a, b)
  if a == nil or b == nil then
    return false
  end
  return a == b or string.lower(a) == string.lower(b)
end

local function find(st, pid)
  for i, p in ipairs(st.participants) do
    if same(p.participant_id, pid) then
      return i
    end
  end
  return nil
end

local function active_index(st)
  return find(st, st.active_participant_id)
end

local function group_of(st, p)
  if st.groups == nil then
    return nil
  end
  for _, g in ipairs(st.groups) do
    if same(g.group_id, p.group_id) then
      return g
    end
  end
  return nil
end

-- Participants of a shared clock (group or global) mirror its budget, so the
-- read formula total_time_ms - charge holds for the active participant in every mode.
local function mirror_group(st, g)
  for _, q in ipairs(st.participants) do
    if same(q.group_id, g.group_id) then
      q.total_time_ms = g.total_time_ms
      q.has_expired = g.has_expired
    end
  end
end

local function elapsed_charge(st, at)
  local e = at - st.cycle_started_at - st.delay_ms
  if e < 0 then
    return 0
  end
  return e
end

local function mark_expired(st, p)
  local mode = st.sync_mode
  if mode == 'per_group' then
    local g = group_of(st, p)
    g.has_expired = true
    mirror_group(st, g)
  elseif mode == 'global' then
    for _, q in ipairs(st.participants) do
      q.has_expired = true
    end
  else
    p.has_expired = true
  end
end

-- Charges the running clock up to `at`, floored at zero. Returns true when it hit zero.
local function charge(st, at)
  local p = st.participants[active_index(st)]
  local c = elapsed_charge(st, at)
  if c > p.total_time_ms then
    c = p.total_time_ms
  end
  p.time_used_ms = p.time_used_ms + c
  local mode = st.sync_mode
  if mode == 'per_group' then
    local g = group_of(st, p)
    g.total_time_ms = g.total_time_ms - c
    g.time_used_ms = g.time_used_ms + c
    mirror_group(st, g)
  elseif mode == 'global' then
    for _, q in ipairs(st.participants) do
      q.total_time_ms = q.total_time_ms - c
    end
  else
    p.total_time_ms = p.total_time_ms - c
  end
  if p.total_time_ms <= 0 then
    mark_expired(st, p)
    return true
  end
  return false
end

local function session_deadline(st)
  if st.max_time_ms == nil or st.sync_mode == 'count_up' or st.session_started_at == nil then
    return nil
  end
  return st.session_started_at + st.max_time_ms + st.paused_total_ms
end

local function clock_deadline(st)
  local p = st.participants[active_index(st)]
  return st.cycle_started_at + st.delay_ms + p.total_time_ms
end

local function compute_deadline(st)
  local d = clock_deadline(st)
  local s = session_deadline(st)
  if s ~= nil and s < d then
    return s
  end
  return d
end

-- Next participant in array order after `from` that has not expired (itself last).
local function next_index(st, from)
  local n = #st.participants
  for k = 1, n do
    local j = ((from - 1 + k) % n) + 1
    if not st.participants[j].has_expired then
      return j
    end
  end
  return nil
end

-- The outgoing participant's turn ends: lap count and Fischer increment.
local function finish_turn(st, cur, nxt)
  cur.cycle_count = cur.cycle_count + 1
  if cur.has_expired then
    return
  end
  local mode = st.sync_mode
  local inc = st.increment_ms
  if mode == 'per_participant' then
    cur.total_time_ms = cur.total_time_ms + inc
  elseif mode == 'per_group' then
    if not same(cur.group_id, nxt.group_id) then
      local g = group_of(st, cur)
      g.total_time_ms = g.total_time_ms + inc
      mirror_group(st, g)
    end
  elseif mode == 'global' then
    for _, q in ipairs(st.participants) do
      q.total_time_ms = q.total_time_ms + inc
    end
  elseif mode == 'per_cycle' then
    cur.total_time_ms = st.time_per_cycle_ms
  end
end

local function start_turn(st, idx, at)
  local p = st.participants[idx]
  if st.sync_mode == 'per_cycle' then
    p.total_time_ms = st.time_per_cycle_ms
  end
  st.active_participant_id = p.participant_id
  st.cycle_started_at = at
end

local function end_session(st, status)
  st.status = status
  st.cycle_started_at = nil
end

local function audit_event(st, version, event_type, at, actor, state_json)
  local parts = {
    '{"event_id":', cjson.encode(st.session_id .. ':' .. fmt(version)),
    ',"session_id":', cjson.encode(st.session_id),
    ',"version":', fmt(version),
    ',"event_type":"', event_type, '"',
    ',"at":', fmt(at),
  }
  if actor ~= nil then
    parts[#parts + 1] = ',"actor":'
    parts[#parts + 1] = cjson.encode(actor)
  end
  parts[#parts + 1] = ',"state":'
  parts[#parts + 1] = state_json
  parts[#parts + 1] = '}'
  return table.concat(parts)
end

-- Writes the state with a sliding TTL (running sessions live past their deadline),
-- maintains the deadline set, queues the audit event and publishes. Returns the JSON.
local function commit(st, now, event_type, actor)
  st.version = st.version + 1
  st.updated_at = now
  if st.status == 'running' then
    st.deadline_at = compute_deadline(st)
  else
    st.deadline_at = nil
  end
  local json = cjson.encode(st)
  local ttl = ttl_ms
  if st.deadline_at ~= nil and st.deadline_at > now then
    ttl = ttl + (st.deadline_at - now)
  end
  redis.call('SET', K_STATE, json, 'PX', fmt(ttl))
  if st.deadline_at ~= nil then
    redis.call('ZADD', K_DEADLINES, fmt(st.deadline_at), member)
  else
    redis.call('ZREM', K_DEADLINES, member)
  end
  redis.call('RPUSH', K_AUDIT, audit_event(st, st.version, event_type, now, actor, json))
  redis.call('PUBLISH', channel, '{"type":"state","state":' .. json .. '}')
  return json
end
