-- create: ARGV[5] = the initial state JSON built and validated by the store (version 1).
if redis.call('EXISTS', K_STATE) == 1 then
  return fail('SESSION_ALREADY_EXISTS', 'Session ' .. sid .. ' already exists')
end
local json = ARGV[5]
redis.call('SET', K_STATE, json, 'PX', fmt(ttl_ms))
redis.call('RPUSH', K_AUDIT, audit_event({ session_id = sid }, 1, 'session_created', now_in, nil, json))
redis.call('PUBLISH', channel, '{"type":"state","state":' .. json .. '}')
return json
