import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncKairosClient } from '../dist/index.js';
import { state } from './states.mjs';

/** An in-memory WebSocket: the test plays the server. */
class FakeSocket {
  static all = [];
  readyState = 0;
  sent = [];
  listeners = {};
  constructor(url) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  addEventListener(type, l) {
    (this.listeners[type] ??= []).push(l);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = '') {
    this.serverClose(code, reason);
  }
  // server side
  open() {
    this.readyState = 1;
    this.listeners.open?.forEach((l) => l({}));
    this.push({ type: 'CONNECTED', sessionId: 's', timestamp: 1 });
  }
  push(message) {
    this.listeners.message?.forEach((l) => l({ data: JSON.stringify(message) }));
  }
  serverClose(code, reason) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.listeners.close?.forEach((l) => l({ code, reason }));
  }
}

function setup({ snapshots = [] } = {}) {
  FakeSocket.all = [];
  const gets = [];
  const fetch = async (url) => {
    gets.push(url);
    const body = snapshots.shift();
    return body === undefined
      ? new Response(JSON.stringify({ error: { code: 'SESSION_NOT_FOUND', message: 'gone' } }), { status: 404 })
      : new Response(JSON.stringify({ data: body }), { status: 200 });
  };
  const client = new SyncKairosClient({ baseUrl: 'http://gw.test:8080/', fetch, WebSocket: FakeSocket, clock: () => 1000 });
  return { client, gets };
}

const tick = () => new Promise((r) => setImmediate(r));
const s = (version, extra = {}) => ({ ...state({ version }), ...extra });

test('watch url, ordering: older and equal versions are dropped', async () => {
  const { client } = setup();
  const watch = client.watch('11111111-2222-3333-4444-555555555555', { pingSamples: 0 });
  const seen = [];
  watch.on('state', (st, source) => seen.push([st.version, source]));
  await tick();
  const ws = FakeSocket.all[0];
  assert.equal(ws.url, 'ws://gw.test:8080/ws?sessionId=11111111-2222-3333-4444-555555555555');
  ws.open();
  ws.push({ type: 'STATE_SYNC', state: s(3) });
  ws.push({ type: 'STATE_UPDATE', state: s(4) });
  ws.push({ type: 'STATE_UPDATE', state: s(3) });
  ws.push({ type: 'STATE_UPDATE', state: s(4) });
  assert.deepEqual(seen, [[3, 'sync'], [4, 'update']]);
  assert.equal(watch.state.version, 4);
  watch.close();
  assert.equal(watch.status, 'offline');
});

test('a version gap fetches a snapshot; the update that revealed it is applied only if newer', async () => {
  const { client, gets } = setup({ snapshots: [s(9)] });
  const watch = client.watch('sid', { pingSamples: 0 });
  const seen = [];
  const gaps = [];
  watch.on('state', (st, source) => seen.push([st.version, source]));
  watch.on('gap', (g) => gaps.push(g));
  await tick();
  FakeSocket.all[0].open();
  FakeSocket.all[0].push({ type: 'STATE_SYNC', state: s(2) });
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(5) });
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(6) });
  await watch.waitFor((st) => st.version === 9, 2000);
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(10) });
  assert.deepEqual(gaps, [{ from: 2, to: 5 }]);
  assert.deepEqual(gets, ['http://gw.test:8080/v1/sessions/sid']);
  assert.deepEqual(seen, [[2, 'sync'], [9, 'snapshot'], [10, 'update']]);
  watch.close();
});

test('a snapshot fetch answering 404 means the session was deleted', async () => {
  const { client } = setup({ snapshots: [] });
  const watch = client.watch('sid', { pingSamples: 0 });
  const seen = [];
  watch.on('state', (st, source) => seen.push([st.version, source]));
  watch.on('deleted', () => seen.push('deleted'));
  await tick();
  FakeSocket.all[0].open();
  FakeSocket.all[0].push({ type: 'STATE_SYNC', state: s(2) });
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(7) });
  await waitUntil(() => seen.length === 2);
  // The GET said 404: the session is gone.
  assert.deepEqual(seen, [[2, 'sync'], 'deleted']);
  watch.close();
});

test('reconnects with backoff, asks for RECONNECT, and resets after a stable connection', async () => {
  const { client } = setup();
  const watch = client.watch('sid', { pingSamples: 0, random: () => 0.5, backoff: { initialMs: 10, maxMs: 40 }, stableAfterMs: 50 });
  const events = [];
  watch.on('connection', (e) => events.push([e.status, e.delayMs]));
  await tick();
  FakeSocket.all[0].open();
  FakeSocket.all[0].serverClose(1001, 'Server shutting down');
  // Three failed attempts: 10, 20, 40 ms.
  for (let i = 1; i <= 3; i++) {
    await waitUntil(() => FakeSocket.all.length === i + 1);
    FakeSocket.all[i].serverClose(1006, '');
  }
  await waitUntil(() => FakeSocket.all.length === 5);
  assert.deepEqual(
    events.filter((e) => e[0] === 'reconnecting').map((e) => e[1]),
    [10, 20, 40, 40],
  );
  const ws = FakeSocket.all[4];
  ws.open();
  assert.deepEqual(ws.sent, [{ type: 'RECONNECT' }]);
  await new Promise((r) => setTimeout(r, 80));
  ws.serverClose(1006, '');
  assert.deepEqual(events.at(-1), ['reconnecting', 10]);
  watch.close();
});

test('a failed connect reported only by an error event (Node 20 undici) still reconnects', async () => {
  const { client } = setup();
  const watch = client.watch('sid', { pingSamples: 0, random: () => 0.5, backoff: { initialMs: 10 } });
  const events = [];
  watch.on('connection', (e) => events.push(e.status));
  await tick();
  FakeSocket.all[0].listeners.error.forEach((l) => l({}));
  await waitUntil(() => FakeSocket.all.length === 2);
  FakeSocket.all[1].open();
  assert.deepEqual(events, ['reconnecting', 'connected']);
  watch.close();
});

test('a token goes on the socket as access_token, asked for again on every connection', async () => {
  FakeSocket.all = [];
  let issued = 0;
  const client = new SyncKairosClient({
    baseUrl: 'https://gw.test/',
    fetch: async () => new Response('{}'),
    WebSocket: FakeSocket,
    clock: () => 1000,
    token: async () => `t${++issued}`,
  });
  const watch = client.watch('11111111-2222-3333-4444-555555555555', {
    pingSamples: 0,
    backoff: { initialMs: 1, maxMs: 1 },
    random: () => 0,
  });
  await waitUntil(() => FakeSocket.all.length === 1);
  assert.equal(FakeSocket.all[0].url, 'wss://gw.test/ws?sessionId=11111111-2222-3333-4444-555555555555&access_token=t1');
  FakeSocket.all[0].open();
  FakeSocket.all[0].serverClose(1006, 'gone');
  await waitUntil(() => FakeSocket.all.length === 2);
  assert.match(FakeSocket.all[1].url, /[?&]access_token=t2$/);
  watch.close();
});

test('a token function that fails is reported and retried, not fatal', async () => {
  FakeSocket.all = [];
  let calls = 0;
  const client = new SyncKairosClient({
    baseUrl: 'http://gw.test',
    fetch: async () => new Response('{}'),
    WebSocket: FakeSocket,
    token: async () => {
      if (++calls === 1) throw new Error('identity provider down');
      return 'ok';
    },
  });
  const watch = client.watch('11111111-2222-3333-4444-555555555555', {
    pingSamples: 0,
    backoff: { initialMs: 1, maxMs: 1 },
    random: () => 0,
  });
  const errors = [];
  watch.on('error', (e) => errors.push(e.message));
  await waitUntil(() => FakeSocket.all.length === 1);
  assert.deepEqual(errors, ['identity provider down']);
  assert.match(FakeSocket.all[0].url, /access_token=ok$/);
  watch.close();
});

test('a policy close (bad id) is final; deletion ends the watch', async () => {
  const { client } = setup();
  const watch = client.watch('nope', { pingSamples: 0 });
  const closed = new Promise((r) => watch.on('closed', r));
  watch.on('error', () => undefined);
  await tick();
  FakeSocket.all[0].open();
  FakeSocket.all[0].serverClose(1008, 'Invalid sessionId format');
  await closed;
  assert.equal(FakeSocket.all.length, 1);

  const w2 = client.watch('sid', { pingSamples: 0 });
  const deleted = new Promise((r) => w2.on('deleted', r));
  await tick();
  FakeSocket.all[1].open();
  FakeSocket.all[1].push({ type: 'SESSION_DELETED', sessionId: 'sid', timestamp: 5 });
  assert.equal(await deleted, 'sid');
  assert.equal(w2.status, 'offline');
});

test('expired fires once when the status becomes expired', async () => {
  const { client } = setup();
  const watch = client.watch('sid', { pingSamples: 0 });
  let expired = 0;
  watch.on('expired', () => expired++);
  await tick();
  FakeSocket.all[0].open();
  FakeSocket.all[0].push({ type: 'STATE_SYNC', state: s(2) });
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(3, { status: 'expired' }) });
  FakeSocket.all[0].push({ type: 'STATE_UPDATE', state: s(4, { status: 'expired' }) });
  assert.equal(expired, 1);
  watch.close();
});

test('PING/PONG round on connect sets the offset from the best sample', async () => {
  let now = 1000;
  FakeSocket.all = [];
  const client = new SyncKairosClient({ baseUrl: 'http://x', fetch: async () => new Response('{}'), WebSocket: FakeSocket, clock: () => now });
  const watch = client.watch('sid', { pingSamples: 3 });
  await tick();
  const ws = FakeSocket.all[0];
  ws.open();
  const rtts = [40, 4, 20];
  for (const rtt of rtts) {
    await waitUntil(() => ws.sent.length > 0);
    const ping = ws.sent.shift();
    assert.equal(ping.type, 'PING');
    now += rtt / 2;
    const serverTime = now + 5000; // the server is 5 s ahead
    now += rtt / 2;
    ws.push({ type: 'PONG', timestamp: serverTime, client_time: ping.client_time });
  }
  await waitUntil(() => client.offset !== null);
  assert.equal(client.offset.offsetMs, 5000);
  assert.equal(client.offset.errorMs, 2);
  assert.equal(client.offset.source, 'ws');
  watch.close();
});

async function waitUntil(cond, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
