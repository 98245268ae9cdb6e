import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncKairosClient, SyncKairosError } from '../dist/index.js';

function client(handler) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, ...init });
    return handler(url, init);
  };
  return { c: new SyncKairosClient({ baseUrl: 'http://gw/base/', token: 't0k', fetch }), calls };
}

test('routes, methods, bodies and the bearer token', async () => {
  const { c, calls } = client(() => new Response(JSON.stringify({ data: { ok: 1 } }), { status: 200 }));
  await c.createSession({ session_id: 'S', sync_mode: 'global', participants: [], total_time_ms: 1000 });
  await c.startSession('S');
  await c.switchCycle('S', { expected_active_participant_id: 'P' });
  await c.getSession('S');
  await c.pauseSession('S');
  await c.resumeSession('S');
  await c.completeSession('S');
  await c.getEvents('S', { after_version: 2, limit: 10 });
  assert.deepEqual(
    calls.map((x) => `${x.method} ${x.url}`),
    [
      'POST http://gw/base/v1/sessions',
      'POST http://gw/base/v1/sessions/S/start',
      'POST http://gw/base/v1/sessions/S/switch',
      'GET http://gw/base/v1/sessions/S',
      'POST http://gw/base/v1/sessions/S/pause',
      'POST http://gw/base/v1/sessions/S/resume',
      'POST http://gw/base/v1/sessions/S/complete',
      'GET http://gw/base/v1/sessions/S/events?after_version=2&limit=10',
    ],
  );
  assert.equal(calls[0].headers.authorization, 'Bearer t0k');
  assert.deepEqual(JSON.parse(calls[2].body), { expected_active_participant_id: 'P' });
  assert.equal(calls[1].body, undefined);
});

test('errors carry the code, status, details and Retry-After', async () => {
  const { c } = client(
    () =>
      new Response(JSON.stringify({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'slow down', details: { retry_after_seconds: 3 } } }), {
        status: 429,
        headers: { 'retry-after': '3' },
      }),
  );
  const error = await c.switchCycle('S').catch((e) => e);
  assert.ok(error instanceof SyncKairosError);
  assert.equal(error.code, 'RATE_LIMIT_EXCEEDED');
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterSeconds, 3);
  assert.deepEqual(error.details, { retry_after_seconds: 3 });
});

test('a response without the envelope and a network failure have codes of their own', async () => {
  const { c } = client(() => new Response('<html>bad gateway</html>', { status: 502 }));
  assert.equal((await c.getSession('S').catch((e) => e)).code, 'HTTP_ERROR');
  const { c: down } = client(() => {
    throw new TypeError('fetch failed');
  });
  const error = await down.getSession('S').catch((e) => e);
  assert.equal(error.code, 'NETWORK_ERROR');
  assert.equal(error.status, 0);
});

test('delete resolves on 204 and ready accepts 503', async () => {
  const { c } = client((url) =>
    url.endsWith('/ready') ? new Response(JSON.stringify({ status: 'not_ready', error: 'redis' }), { status: 503 }) : new Response(null, { status: 204 }),
  );
  assert.equal(await c.deleteSession('S'), undefined);
  assert.deepEqual(await c.ready(), { status: 'not_ready', error: 'redis' });
});
