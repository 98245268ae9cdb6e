-- delete: removes the session; the audit event carries the last state and version + 1.
local raw, st = load_raw()
redis.call('ZREM', K_DEADLINES, member)
if st == nil then
  return 0
end
local version = st.version + 1
redis.call('DEL', K_STATE)
redis.call('RPUSH', K_AUDIT, audit_event(st, version, 'session_deleted', clamp_now(st), nil, raw))
redis.call('PUBLISH', channel, '{"type":"deleted","session_id":' .. cjson.encode(st.session_id) .. ',"version":' .. fmt(version) .. '}')
return 1
