-- expire: run by any sweeper for a due deadline. Re-checks the deadline, so a
-- second sweeper (or a stale zset entry) is a no-op returning nil.
local _, st = load_raw()
if st == nil then
  redis.call('ZREM', K_DEADLINES, member)
  return false
end
if st.status ~= 'running' then
  redis.call('ZREM', K_DEADLINES, member)
  return false
end
local now = clamp_now(st)
local due = compute_deadline(st)
if now < due then
  redis.call('ZADD', K_DEADLINES, fmt(due), member)
  return false
end
local cur_idx = active_index(st)
local cur = st.participants[cur_idx]
local cap = session_deadline(st)
if cap ~= nil and cap <= clock_deadline(st) then
  charge(st, cap)
  end_session(st, 'expired')
  return commit(st, now, 'session_expired', nil)
end
-- The clock reached exactly zero at its deadline; the next turn starts there too.
local at = clock_deadline(st)
charge(st, at)
if st.expiry_policy == 'next_participant' then
  local nxt = next_index(st, cur_idx)
  if nxt ~= nil then
    finish_turn(st, cur, st.participants[nxt])
    start_turn(st, nxt, at)
    return commit(st, now, 'participant_expired', cur.participant_id)
  end
end
end_session(st, 'expired')
return commit(st, now, 'session_expired', cur.participant_id)
