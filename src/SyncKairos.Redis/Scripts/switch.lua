-- switch: running only. KEYS[4] = request memo key when ARGV[7] (request_id) is set.
-- ARGV[5] next_participant_id, ARGV[6] expected_active_participant_id ('' = absent).
-- Returns {state_json, expired_participant_id or ''}.
local next_id, expected_id, request_id = ARGV[5], ARGV[6], ARGV[7]
if request_id ~= '' then
  local memo = redis.call('GET', KEYS[4])
  if memo then
    local cut = string.find(memo, '\n', 1, true)
    return { string.sub(memo, cut + 1), string.sub(memo, 1, cut - 1) }
  end
end
local _, st = load_raw()
if st == nil then
  return not_found()
end
if st.status ~= 'running' then
  return bad_status(st, 'not running')
end
if expected_id ~= '' and not same(expected_id, st.active_participant_id) then
  return fail('NOT_ACTIVE_PARTICIPANT', 'Participant ' .. expected_id .. ' is not the active participant')
end
local next_idx = nil
if next_id ~= '' then
  next_idx = find(st, next_id)
  if next_idx == nil then
    return fail('VALIDATION_ERROR', 'next_participant_id: Participant ' .. next_id .. ' not found in session')
  end
  if st.participants[next_idx].has_expired then
    return fail('VALIDATION_ERROR', 'next_participant_id: Participant ' .. next_id .. ' has expired')
  end
end
local now = clamp_now(st)
local cur_idx = active_index(st)
local cur = st.participants[cur_idx]
local expired_id = ''
local event, actor = 'cycle_switched', cur.participant_id
local cap = session_deadline(st)
if cap ~= nil and cap <= now then
  if charge(st, cap) then
    expired_id = cur.participant_id
  end
  end_session(st, 'expired')
  event = 'session_expired'
else
  -- A clock found at zero passed the turn at its deadline, as the sweeper would have: the next
  -- turn starts there, whether the sweeper or this switch got there first.
  local turn_at = now
  local zero_at = clock_deadline(st)
  if charge(st, now) then
    expired_id = cur.participant_id
    turn_at = zero_at
  end
  if expired_id ~= '' and st.expiry_policy ~= 'next_participant' then
    end_session(st, 'expired')
    event = 'session_expired'
  else
    if next_idx == nil or st.participants[next_idx].has_expired then
      next_idx = next_index(st, cur_idx)
    end
    if next_idx == nil then
      end_session(st, 'expired')
      event = 'session_expired'
    else
      finish_turn(st, cur, st.participants[next_idx])
      start_turn(st, next_idx, turn_at)
    end
  end
end
local json = commit(st, now, event, actor)
if request_id ~= '' then
  redis.call('SET', KEYS[4], expired_id .. '\n' .. json, 'PX', '600000')
end
return { json, expired_id }
