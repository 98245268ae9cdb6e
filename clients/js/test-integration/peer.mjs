// The SDK against a running gateway, driven by tests/SyncKairos.Gateway.Tests/Sdk/SdkIntegrationTests.cs.
// Run: node --experimental-websocket test-integration/peer.mjs <offset|watch>
// Env: SYNCKAIROS_BASE_URL (required), SYNCKAIROS_SESSION_ID (watch), SYNCKAIROS_CLOCK_SHIFT_MS (client clock
// shift), SYNCKAIROS_DROP_VERSION (watch: lose the STATE_UPDATE carrying this version in transit),
// SYNCKAIROS_BACKOFF_MS (watch: first reconnect delay), SYNCKAIROS_TOKEN (watch: bearer token for REST and the socket).
// Prints one line per event; exits 0 on success, 1 on failure.
import { SyncKairosClient } from '../dist/index.js';

const baseUrl = process.env.SYNCKAIROS_BASE_URL;
const shift = Number(process.env.SYNCKAIROS_CLOCK_SHIFT_MS ?? 0);
const mode = process.argv[2];
const say = (...parts) => process.stdout.write(parts.join(' ') + '\n');
if (!baseUrl) {
  say('FAIL SYNCKAIROS_BASE_URL not set');
  process.exit(1);
}

// The client's clock runs `shift` ms off the real one (the server shares the machine's real clock).
const clock = () => Date.now() + shift;
const loggingFetch = (url, init) => {
  say('FETCH', init?.method ?? 'GET', new URL(url).pathname);
  return fetch(url, init);
};

if (mode === 'offset') {
  const client = new SyncKairosClient({ baseUrl, clock, clockSamples: 10 });
  const expected = -shift;
  // Three rounds, as periodic re-sync would do: a freshly started gateway JITs its first requests, and a
  // tighter earlier estimate is kept over a looser later one.
  let http;
  for (let round = 0; round < 3; round++) http = await client.syncClock();
  say('OFFSET http', http.offsetMs.toFixed(2), 'error', http.errorMs.toFixed(2), 'expected', expected);
  const sessionId = crypto.randomUUID();
  // A fresh client so that the socket's estimate is not kept back by the HTTP one.
  const wsClient = new SyncKairosClient({ baseUrl, clock, clockSamples: 10 });
  const watch = wsClient.watch(sessionId, { pingSamples: 10 });
  const ws = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no socket estimate')), 15_000);
    wsClient.clock.onChange((e) => {
      if (e.source === 'ws' && e.samples === 10) {
        clearTimeout(timer);
        resolve(e);
      }
    });
  });
  watch.close();
  say('OFFSET ws', ws.offsetMs.toFixed(2), 'error', ws.errorMs.toFixed(2), 'expected', expected);
  const ok = Math.abs(http.offsetMs - expected) <= 5 && Math.abs(ws.offsetMs - expected) <= 5;
  say(ok ? 'PASS' : 'FAIL offset off by more than 5 ms');
  process.exit(ok ? 0 : 1);
}

if (mode === 'watch') {
  const sessionId = process.env.SYNCKAIROS_SESSION_ID;
  const drop = Number(process.env.SYNCKAIROS_DROP_VERSION ?? 0);
  // A socket that loses one STATE_UPDATE in transit, like a message dropped between the server and us.
  class LossyWebSocket extends WebSocket {
    addEventListener(type, listener, options) {
      if (type !== 'message' || !drop) return super.addEventListener(type, listener, options);
      return super.addEventListener(
        type,
        (event) => {
          const m = JSON.parse(event.data);
          if (m.type === 'STATE_UPDATE' && m.state?.version === drop) {
            say('DROPPED', drop);
            return;
          }
          listener(event);
        },
        options,
      );
    }
  }
  const token = process.env.SYNCKAIROS_TOKEN || undefined;
  const client = new SyncKairosClient({ baseUrl, clock, fetch: loggingFetch, WebSocket: LossyWebSocket, token });
  const watch = client.watch(sessionId, {
    pingSamples: 3,
    backoff: { initialMs: Number(process.env.SYNCKAIROS_BACKOFF_MS ?? 1000) },
  });
  watch.on('state', (state, source) => say('STATE', state.version, source, state.status));
  watch.on('gap', (g) => say('GAP', g.from, g.to));
  watch.on('expired', (state) => say('EXPIRED', state.version));
  watch.on('connection', (e) => say('CONNECTION', e.status, e.attempt, e.delayMs ?? '', e.code ?? ''));
  watch.on('error', (e) => say('ERROR', e?.code ?? '', e?.message ?? e));
  watch.on('deleted', () => say('DELETED'));
  watch.on('closed', () => {
    say('CLOSED');
    process.exit(0);
  });
} else if (mode !== 'offset') {
  say('FAIL unknown mode', mode);
  process.exit(1);
}
