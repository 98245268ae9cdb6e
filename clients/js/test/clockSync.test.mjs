import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClockSync, KEEP_TIGHTER_ESTIMATE_MS, backoffDelay, bestEstimate, nextTickDelay, sampleOffset, shouldReplace, startTicker } from '../dist/index.js';

test('one sample: offset from the midpoint, bound half the round trip', () => {
  assert.deepEqual(sampleOffset({ sentAt: 1000, serverTime: 6010, receivedAt: 1020 }), { offsetMs: 5000, rttMs: 20, errorMs: 10 });
  assert.equal(sampleOffset({ sentAt: 1000, serverTime: 5, receivedAt: 999 }), null);
});

test('the sample with the smallest round trip wins', () => {
  const e = bestEstimate(
    [
      { sentAt: 0, serverTime: 5_100, receivedAt: 100 }, // rtt 100, offset 5050
      { sentAt: 200, serverTime: 5_202, receivedAt: 204 }, // rtt 4, offset 5000
      { sentAt: 300, serverTime: 5_330, receivedAt: 340 }, // rtt 40, offset 5010
    ],
    'ws',
  );
  assert.equal(e.offsetMs, 5000);
  assert.equal(e.errorMs, 2);
  assert.equal(e.samples, 3);
  assert.equal(e.measuredAt, 204);
  assert.equal(bestEstimate([], 'ws'), null);
});

test('a simulated shifted clock is recovered within the bound', async () => {
  // The server clock runs 12345.6 ms ahead; round trips are asymmetric and vary.
  let clientNow = 1_000_000;
  const shift = 12_345.6;
  const sync = new ClockSync(() => clientNow);
  const legs = [
    [30, 5],
    [2, 3],
    [10, 40],
    [1, 1],
    [8, 2],
  ];
  let i = 0;
  const estimate = await sync.runRound(async () => {
    const [up, down] = legs[i++];
    const sentAt = clientNow;
    clientNow += up;
    const serverTime = clientNow + shift;
    clientNow += down;
    return { sentAt, serverTime, receivedAt: clientNow };
  }, legs.length, 'http');
  assert.equal(estimate.rttMs, 2);
  assert.ok(Math.abs(estimate.offsetMs - shift) <= estimate.errorMs, `${estimate.offsetMs} vs ${shift}`);
  assert.ok(Math.abs(sync.serverNow() - (clientNow + shift)) <= 1);
});

test('a looser estimate does not replace a tighter recent one, but does once it is old', () => {
  const tight = { offsetMs: 10, errorMs: 1, rttMs: 2, measuredAt: 1000, source: 'ws', samples: 5 };
  const loose = { offsetMs: 30, errorMs: 20, rttMs: 40, measuredAt: 2000, source: 'http', samples: 5 };
  assert.equal(shouldReplace(null, loose), true);
  assert.equal(shouldReplace(tight, loose), false);
  assert.equal(shouldReplace(tight, { ...loose, measuredAt: 1000 + KEEP_TIGHTER_ESTIMATE_MS + 1 }), true);
  assert.equal(shouldReplace(loose, tight), true);
});

test('a round whose samples all fail rethrows and keeps the previous estimate', async () => {
  const sync = new ClockSync(() => 0);
  sync.adopt({ offsetMs: 7, errorMs: 1, rttMs: 2, measuredAt: 0, source: 'ws', samples: 1 });
  await assert.rejects(sync.runRound(async () => Promise.reject(new Error('down')), 3, 'http'), /down/);
  assert.equal(sync.estimate.offsetMs, 7);
});

test('backoff: 1 s, 2 s, 4 s … capped at 60 s, jittered within ±20 %', () => {
  const mid = () => 0.5;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 50].map((a) => backoffDelay(a, mid)), [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  assert.equal(backoffDelay(0, () => 0), 800);
  assert.equal(backoffDelay(0, () => 1), 1200);
  assert.equal(backoffDelay(10, () => 1), 60000);
});

test('ticker without animation frames re-aligns every timer to the next interval boundary', () => {
  assert.equal(nextTickDelay(1_000_030, 100), 70);
  assert.equal(nextTickDelay(1_000_000, 100), 100);
  const realSetTimeout = globalThis.setTimeout;
  const timers = [];
  globalThis.setTimeout = (cb, delay) => {
    timers.push({ cb, delay });
    return timers.length;
  };
  try {
    let now = 1_030;
    const seen = [];
    const stop = startTicker((t) => seen.push(t), { now: () => now, intervalMs: 100, requestFrame: null });
    assert.equal(timers.at(-1).delay, 70);
    now = 1_125; // the timer fired 25 ms late (busy thread): the next one is shortened, not shifted
    timers.at(-1).cb();
    assert.equal(timers.at(-1).delay, 75);
    now = 1_200;
    timers.at(-1).cb();
    assert.equal(timers.at(-1).delay, 100);
    stop();
    assert.deepEqual(seen, [1_030, 1_125, 1_200]);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

test('ticker with a frame scheduler calls back every frame until stopped', () => {
  const frames = [];
  const seen = [];
  let now = 0;
  const stop = startTicker((t) => seen.push(t), { now: () => now, requestFrame: (cb) => frames.push(cb), cancelFrame: () => undefined });
  now = 16;
  frames.shift()();
  now = 50; // a late frame shows the right instant, nothing accumulated
  frames.shift()();
  stop();
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.deepEqual(seen, [0, 16, 50]);
});
