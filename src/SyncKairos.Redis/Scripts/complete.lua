-- complete: pending/running/paused/expired -> completed; completed stays unchanged.
-- A completed session has no active clock (API.md): nobody is active and no cycle runs. The audit event
-- names the participant who was active, whose time the completion charged.
local raw, st = load_raw()
if st == nil then
  return not_found()
end
if st.status == 'completed' then
  return raw
end
if st.status ~= 'pending' and st.status ~= 'running' and st.status ~= 'paused' and st.status ~= 'expired' then
  return bad_status(st, 'cannot be completed')
end
local now = clamp_now(st)
if st.status == 'running' then
  charge(st, now)
end
local last_active = st.active_participant_id
st.active_participant_id = nil
st.paused_at = nil
st.paused_delay_used_ms = nil
st.session_completed_at = now
end_session(st, 'completed')
return commit(st, now, 'session_completed', last_active)
