// Shared helpers for the SyncKairos k6 scripts (mirrors tools/SyncKairos.Bench/Gateway/GatewayApi.cs).
import http from 'k6/http';
import { check } from 'k6';

export const TARGET = __ENV.TARGET || 'http://127.0.0.1:5000';
export const JSON_HEADERS = { headers: { 'Content-Type': 'application/json' } };

export function uuid() {
  // RFC 4122 version 4 from Math.random: enough for load-test ids.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

export function createBody(sessionId, participants, clockMs) {
  const list = [];
  for (let i = 0; i < participants; i++) {
    list.push({ participant_id: uuid(), participant_index: i, total_time_ms: clockMs });
  }
  return JSON.stringify({ session_id: sessionId, sync_mode: 'per_participant', total_time_ms: clockMs, participants: list });
}

export function createSession(participants, clockMs, tags) {
  const id = uuid();
  const res = http.post(`${TARGET}/v1/sessions`, createBody(id, participants, clockMs), Object.assign({ tags }, JSON_HEADERS));
  check(res, { 'create 201': (r) => r.status === 201 });
  return id;
}

export function command(id, name, tags) {
  const res = http.post(`${TARGET}/v1/sessions/${id}/${name}`, '{}', Object.assign({ tags }, JSON_HEADERS));
  check(res, { [`${name} 200`]: (r) => r.status === 200 });
  return res;
}

export function createStarted(count, clockMs) {
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = createSession(2, clockMs, { phase: 'setup' });
    command(id, 'start', { phase: 'setup' });
    ids.push(id);
  }
  return ids;
}

export function wsUrl(sessionId) {
  return `${TARGET.replace(/^http/, 'ws')}/ws?sessionId=${sessionId}`;
}
