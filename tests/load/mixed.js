// mixed: whole session lives (create, start, switch 60 % / get 25 % / pause+resume 15 %, complete, delete),
// as tools/SyncKairos.Bench's mixed scenario.
//   k6 run -e TARGET=http://127.0.0.1:5000 -e VUS=16 -e SECONDS=30 tests/load/mixed.js
import http from 'k6/http';
import { check } from 'k6';
import { TARGET, createSession, command } from './common.js';

const OPS = Number(__ENV.OPS_PER_SESSION || 20);

export const options = {
  vus: Number(__ENV.VUS || 16),
  duration: `${__ENV.SECONDS || 30}s`,
  thresholds: { http_req_failed: ['rate<0.001'] },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(99)', 'max'],
};

export default function () {
  const id = createSession(2 + Math.floor(Math.random() * 3), 3600000, { name: 'create' });
  command(id, 'start', { name: 'start' });
  for (let k = 0; k < OPS; k++) {
    const roll = Math.random();
    if (roll < 0.6) {
      command(id, 'switch', { name: 'switch' });
    } else if (roll < 0.85) {
      const res = http.get(`${TARGET}/v1/sessions/${id}`, { tags: { name: 'get' } });
      check(res, { 'get 200': (r) => r.status === 200 });
    } else {
      command(id, 'pause', { name: 'pause' });
      command(id, 'resume', { name: 'resume' });
    }
  }
  command(id, 'complete', { name: 'complete' });
  const res = http.del(`${TARGET}/v1/sessions/${id}`, null, { tags: { name: 'delete' } });
  check(res, { 'delete 204': (r) => r.status === 204 });
}
