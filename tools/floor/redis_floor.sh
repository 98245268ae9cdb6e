#!/bin/bash
# The floor under the session store benchmark (issue 3): what one Redis on this machine does per second when a
# script does only what every switch must do — write the state with a TTL, move the deadline, queue the audit event,
# publish — first with the state passed in (no Lua work at all), then with the one JSON decode and encode of the
# state that a JSON-stored state needs. No session logic: whatever the real script does costs more than this.
# Load comes from redis-benchmark (C, the cheapest client there is), on the same machine as Redis.
#
# Usage: tools/floor/redis_floor.sh [port]    (starts its own redis-server on the port, default 6399, and stops it)
set -euo pipefail
port=${1:-6399}
here=$(cd "$(dirname "$0")" && pwd)
state=$(tr -d '\n' < "$here/state.json")
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --logfile /dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done

echo "loading 10000 sessions"
for i in $(seq 0 9999); do printf 'SET st:%012d %s\n' "$i" "$state"; done | redis-cli -p "$port" >/dev/null

writes=$(redis-cli -p "$port" script load "
local raw = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', '3600000')
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
redis.call('RPUSH', KEYS[3], '{\"event_id\":\"x\",\"state\":' .. ARGV[1] .. '}')
redis.call('PUBLISH', 'channel', '{\"type\":\"state\",\"state\":' .. ARGV[1] .. '}')
return { ARGV[1], '' }")
json=$(redis-cli -p "$port" script load "
local st = cjson.decode(redis.call('GET', KEYS[1]))
st.version = st.version + 1
local json = cjson.encode(st)
redis.call('SET', KEYS[1], json, 'PX', '3600000')
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
redis.call('RPUSH', KEYS[3], '{\"event_id\":\"x\",\"state\":' .. json .. '}')
redis.call('PUBLISH', 'channel', '{\"type\":\"state\",\"state\":' .. json .. '}')
return { json, '' }")

run() { # name sha clients pipeline
  redis-cli -p "$port" config resetstat >/dev/null
  local row
  row=$(redis-benchmark -p "$port" -n 200000 -c "$3" -P "$4" -r 10000 --csv evalsha "$2" 3 st:__rand_int__ deadlines audit "$state" 1795320360300 2>/dev/null | tail -1)
  local usec
  usec=$(redis-cli -p "$port" info commandstats | sed -n 's/^cmdstat_evalsha:.*usec_per_call=\([0-9.]*\).*/\1/p')
  echo "$row" | awk -F'","' -v name="$1" -v c="$3" -v p="$4" -v us="$usec" \
    '{ gsub(/"/, "", $NF); printf "| %-18s | %2d | %d | %9s/s | %6s | %6s | %6s | %5s µs |\n", name, c, p, $(NF-6), $(NF-3), $(NF-1), $NF, us }'
}
echo "| script             |  c | P | throughput  | p50 ms | p99 ms | max ms | script |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for clients in 8 16; do
  for pipeline in 1 2 4; do
    run "writes only" "$writes" "$clients" "$pipeline"
    run "writes + JSON" "$json" "$clients" "$pipeline"
  done
done
