#!/bin/bash
# Old (main) vs new (i18-grpc) gateway, grpc-switch 32 streams, alternating rounds; one bench binary (new).
set -u
NEW=/work/wt/i18-grpc
OLD=/tmp/grpc-old
OUT=/tmp/i18-bench
BENCH="dotnet $NEW/tools/SyncKairos.Bench/bin/Release/net10.0/SyncKairos.Bench.dll"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
start_gateway() { # name dir redisport httpport grpcport
  redis-server --port $3 --bind 127.0.0.1 --save "" --appendonly no --daemonize no > $OUT/redis-$1.log 2>&1 &
  pids+=($!)
  sleep 0.5
  rm -rf $OUT/data-$1; mkdir -p $OUT/data-$1
  (cd $2/src/Gateway/bin/Release/net10.0 && \
   SyncKairos__Redis__ConnectionString=127.0.0.1:$3 SyncKairos__Grpc__Url=http://127.0.0.1:$5 \
   SyncKairos__Embedded__DataDirectory=$OUT/data-$1 \
   SyncKairos__RateLimits__SwitchPerSecond=1000000 SyncKairos__RateLimits__GeneralPerMinute=100000000 \
   exec dotnet SyncKairos.Gateway.dll --urls http://127.0.0.1:$4 > $OUT/gateway-$1.log 2>&1) &
  pids+=($!)
}
start_gateway old $OLD 6451 5451 5452
start_gateway new $NEW 6461 5461 5462
for port in 5451 5461; do
  for i in $(seq 1 120); do curl -sf http://127.0.0.1:$port/ready > /dev/null && break; sleep 1; done
done
echo "both ready $(date -u +%T)"
# warm-up: JIT of the switch path, REST and gRPC
for g in "5451 5452" "5461 5462"; do set -- $g
  $BENCH grpc-switch --target http://127.0.0.1:$1 --grpc-target http://127.0.0.1:$2 --sessions 200 --concurrency 16 --seconds 20 > /dev/null
done
echo "warm $(date -u +%T)"
for round in ${ROUNDS:-1 2 3}; do
  for g in "old 5451 5452" "new 5461 5462"; do set -- $g
    echo "round $round $1 $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    $BENCH grpc-switch --target http://127.0.0.1:$2 --grpc-target http://127.0.0.1:$3 --sessions 1000 --concurrency 32 --seconds 15 \
      --out $OUT/grpc-switch-$1-$round.json > $OUT/grpc-switch-$1-$round.txt 2>&1
    echo "  rc=$?"
  done
done
echo "done $(date -u +%T)"
