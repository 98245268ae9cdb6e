-- pause: running -> paused; charges the clock and remembers how much of the turn's
-- delay was used, so resume does not grant the delay twice.
local _, st = load_raw()
if st == nil then
  return not_found()
end
if st.status ~= 'running' then
  return bad_status(st, 'cannot be paused')
end
local now = clamp_now(st)
local elapsed = now - st.cycle_started_at
if elapsed < 0 then
  elapsed = 0
end
local delay_used = st.delay_ms
if elapsed < delay_used then
  delay_used = elapsed
end
charge(st, now)
st.status = 'paused'
st.paused_at = now
st.paused_delay_used_ms = delay_used
st.cycle_started_at = nil
return commit(st, now, 'session_paused', nil)
