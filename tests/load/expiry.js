// expiry: sessions with short clocks, each watched; the push of the expired state is timed against the
// deadline_at returned by start.
//   k6 run -e TARGET=http://127.0.0.1:5000 -e SESSIONS=100 -e CLOCK_MS=1000 tests/load/expiry.js
import ws from 'k6/ws';
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { createSession, command, wsUrl } from './common.js';

const CLOCK_MS = Number(__ENV.CLOCK_MS || 1000);
const lateness = new Trend('expiry_push_after_deadline_ms', true);

export const options = {
  scenarios: { expiry: { executor: 'per-vu-iterations', vus: Number(__ENV.SESSIONS || 100), iterations: 1, maxDuration: '2m' } },
  thresholds: { expiry_push_after_deadline_ms: ['p(99)<100'] },
};

export default function () {
  const id = createSession(2, CLOCK_MS, { phase: 'setup' });
  let deadline = null;
  const res = ws.connect(wsUrl(id), {}, (socket) => {
    socket.on('message', (text) => {
      const message = JSON.parse(text);
      if (message.type === 'CONNECTED') {
        deadline = Date.parse(JSON.parse(command(id, 'start').body).data.deadline_at);
      } else if (message.type === 'STATE_UPDATE' && message.state.status === 'expired') {
        lateness.add(Date.now() - deadline);
        socket.close();
      }
    });
    socket.setTimeout(() => socket.close(), CLOCK_MS + 10000);
  });
  check(res, { 'upgraded 101': (r) => r && r.status === 101 });
}
