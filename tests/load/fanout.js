// fanout: S sessions x W WebSocket watchers; one VU switches the sessions at a set rate, every other VU
// is a watcher measuring delivery latency as receipt time minus the update's server timestamp.
//   k6 run -e TARGET=http://127.0.0.1:5000 -e SESSIONS=1 -e WATCHERS=10000 -e RATE=10 -e SECONDS=30 tests/load/fanout.js
import ws from 'k6/ws';
import http from 'k6/http';
import { check } from 'k6';
import { Trend, Counter } from 'k6/metrics';
import { TARGET, JSON_HEADERS, createStarted, wsUrl } from './common.js';

const SESSIONS = Number(__ENV.SESSIONS || 10);
const WATCHERS = Number(__ENV.WATCHERS || 100);
const SECONDS = Number(__ENV.SECONDS || 30);
const delivery = new Trend('delivery_ms', true);
const updates = new Counter('updates_received');

export const options = {
  scenarios: {
    watchers: { executor: 'per-vu-iterations', vus: SESSIONS * WATCHERS, iterations: 1, exec: 'watch', maxDuration: `${SECONDS + 60}s` },
    switches: {
      executor: 'constant-arrival-rate', exec: 'switchOne', rate: Number(__ENV.RATE || 50), timeUnit: '1s',
      duration: `${SECONDS}s`, startTime: '10s', preAllocatedVUs: 20, maxVUs: 200,
    },
  },
  thresholds: { delivery_ms: ['p(99)<10'] },
};

export function setup() {
  return { ids: createStarted(SESSIONS, 86400000) };
}

export function watch(data) {
  const id = data.ids[(__VU - 1) % data.ids.length];
  const res = ws.connect(wsUrl(id), {}, (socket) => {
    socket.on('message', (text) => {
      const message = JSON.parse(text);
      if (message.type === 'STATE_UPDATE') {
        delivery.add(Date.now() - message.timestamp);
        updates.add(1);
      }
    });
    socket.setTimeout(() => socket.close(), (SECONDS + 15) * 1000);
  });
  check(res, { 'upgraded 101': (r) => r && r.status === 101 });
}

export function switchOne(data) {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)];
  const res = http.post(`${TARGET}/v1/sessions/${id}/switch`, '{}', JSON_HEADERS);
  check(res, { 'switch 200': (r) => r.status === 200 });
}
