-- start: pending -> running; the first participant in array order is active.
local _, st = load_raw()
if st == nil then
  return not_found()
end
if st.status ~= 'pending' then
  return bad_status(st, 'cannot be started')
end
local now = clamp_now(st)
st.status = 'running'
st.session_started_at = now
start_turn(st, 1, now)
return commit(st, now, 'session_started', nil)
