// connections: ramp WebSocket watchers to a target count and hold them; read the gateway's memory from its
// /proc or /metrics yourself while they are held (k6 cannot see the gateway process).
//   k6 run -e TARGET=http://127.0.0.1:5000 -e CONNECTIONS=20000 -e RAMP=60 -e HOLD=30 tests/load/connections.js
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { createStarted, wsUrl } from './common.js';

const CONNECTIONS = Number(__ENV.CONNECTIONS || 1000);
const RAMP = Number(__ENV.RAMP || 20);
const HOLD = Number(__ENV.HOLD || 30);
const failures = new Counter('connect_failures');

export const options = {
  scenarios: {
    connections: {
      executor: 'ramping-vus', startVUs: 0,
      stages: [{ duration: `${RAMP}s`, target: CONNECTIONS }, { duration: `${HOLD}s`, target: CONNECTIONS }],
      gracefulRampDown: '5s',
    },
  },
  thresholds: { connect_failures: ['count==0'] },
};

export function setup() {
  return { ids: createStarted(Number(__ENV.SESSIONS || 100), 86400000) };
}

export default function (data) {
  const id = data.ids[(__VU - 1) % data.ids.length];
  const res = ws.connect(wsUrl(id), {}, (socket) => {
    socket.setTimeout(() => socket.close(), (RAMP + HOLD) * 1000);
  });
  if (!check(res, { 'upgraded 101': (r) => r && r.status === 101 })) {
    failures.add(1);
  }
}
