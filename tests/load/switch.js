// switch: N running sessions, then random switches at a fixed arrival rate (open model: k6's
// constant-arrival-rate executor starts iterations on schedule whether or not earlier ones finished).
//   k6 run -e TARGET=http://127.0.0.1:5000 -e SESSIONS=1000 -e RATE=2000 -e SECONDS=30 tests/load/switch.js
import { check } from 'k6';
import http from 'k6/http';
import { TARGET, JSON_HEADERS, createStarted } from './common.js';

const RATE = Number(__ENV.RATE || 2000);

export const options = {
  scenarios: {
    switch: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: `${__ENV.SECONDS || 30}s`,
      preAllocatedVUs: Number(__ENV.VUS || 200),
      maxVUs: Number(__ENV.MAX_VUS || 2000),
    },
  },
  thresholds: {
    // DESIGN target: p99 under 2 ms at 2,000 switches/s.
    'http_req_duration{name:switch}': ['p(99)<2'],
    http_req_failed: ['rate<0.001'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max'],
};

export function setup() {
  return { ids: createStarted(Number(__ENV.SESSIONS || 1000), 86400000) };
}

export default function (data) {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)];
  const res = http.post(`${TARGET}/v1/sessions/${id}/switch`, '{}', Object.assign({ tags: { name: 'switch' } }, JSON_HEADERS));
  check(res, { 'switch 200': (r) => r.status === 200 });
}
