// grpc-switch: unary SwitchCycle over h2c, sessions created over REST.
//   k6 run -e TARGET=http://127.0.0.1:5000 -e GRPC_TARGET=127.0.0.1:5001 -e VUS=32 -e SECONDS=30 tests/load/grpc-switch.js
// k6 opens one gRPC connection per VU (the .NET tool multiplexes 32 streams over ONE connection instead).
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { createStarted } from './common.js';

const client = new grpc.Client();
client.load(['../../protos'], 'synckairos/v1/synckairos.proto');

export const options = {
  vus: Number(__ENV.VUS || 32),
  duration: `${__ENV.SECONDS || 30}s`,
  thresholds: { grpc_req_duration: ['p(99)<2'] },
};

export function setup() {
  return { ids: createStarted(Number(__ENV.SESSIONS || 1000), 86400000) };
}

let connected = false;

export default function (data) {
  if (!connected) {
    client.connect(__ENV.GRPC_TARGET || '127.0.0.1:5001', { plaintext: true });
    connected = true;
  }
  const id = data.ids[Math.floor(Math.random() * data.ids.length)];
  const res = client.invoke('synckairos.v1.SyncKairos/SwitchCycle', { session_id: id });
  check(res, { 'status OK': (r) => r && r.status === grpc.StatusOK });
}
