-- resume: paused -> running. cycle_started_at is set back by the delay already used
-- in this turn, so total_time_ms - max(0, now - cycle_started_at - delay_ms) stays exact.
local _, st = load_raw()
if st == nil then
  return not_found()
end
if st.status ~= 'paused' then
  return bad_status(st, 'cannot be resumed')
end
local now = clamp_now(st)
st.paused_total_ms = st.paused_total_ms + (now - st.paused_at)
st.cycle_started_at = now - st.paused_delay_used_ms
st.paused_at = nil
st.paused_delay_used_ms = nil
st.status = 'running'
return commit(st, now, 'session_resumed', nil)
