-- complete: pending/running/paused/expired -> completed; completed stays unchanged.
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
st.paused_at = nil
st.paused_delay_used_ms = nil
st.session_completed_at = now
end_session(st, 'completed')
return commit(st, now, 'session_completed', nil)
