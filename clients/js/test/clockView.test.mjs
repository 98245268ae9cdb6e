import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockView, formatClock } from '../dist/index.js';
import { A, B, C, G1, G2, T0, participant, state } from './states.mjs';

const remaining = (s, at, i = 0) => clockView(s, at).participants[i].remainingMs;

test('active running participant is calculated at now honouring the delay (SessionView)', () => {
  const started = T0 + 1000;
  const s = state({ delay: 2000, deadlineAt: started + 62_000 });
  assert.equal(remaining(s, started + 1500), 60_000);
  assert.equal(remaining(s, started + 2000), 60_000);
  assert.equal(remaining(s, started + 2001), 59_999);
  assert.equal(remaining(s, started + 62_000), 0);
  assert.equal(remaining(s, started + 99_000), 0);
  const view = clockView(s, started + 10_000);
  assert.equal(view.participants[1].remainingMs, 30_000);
  assert.equal(view.participants[0].isActive, true);
  assert.equal(view.participants[1].isActive, false);
  assert.equal(view.deadlineInMs, 52_000);
  assert.equal(view.activeRemainingMs, 52_000);
  assert.equal(view.chargeMs, 8_000);
  assert.equal(clockView(s, started + 500).delayRemainingMs, 1500);
  assert.equal(clockView(s, started + 500).running, false);
  assert.equal(view.running, true);
  assert.equal(clockView(s, started + 62_000).participants[0].atZero, true);
});

test('a reader clock behind the last commit never sees time run backwards', () => {
  const s = state({ cycleStartedAt: T0 + 1000, updatedAt: T0 + 5000 });
  assert.equal(remaining(s, T0), 56_000);
  assert.equal(clockView(s, T0).at, T0 + 5000);
});

test('paused state shows the stored budget', () => {
  const s = state({ status: 'paused' });
  const view = clockView(s, T0 + 50_000);
  assert.equal(view.participants[0].remainingMs, 60_000);
  assert.equal(view.deadlineInMs, null);
  assert.equal(view.running, false);
});

test('per_participant after a switch: elapsed includes the running turn', () => {
  // Switch at T0+10s with delay 500 and increment 2000: A charged 9500, B runs from T0+10s.
  const s = state({
    delay: 500,
    participants: [participant(A, 0, 52_500, { time_used_ms: 9_500, cycle_count: 1 }), participant(B, 1, 30_000)],
    active: B,
    cycleStartedAt: T0 + 10_000,
  });
  const view = clockView(s, T0 + 10_400);
  assert.deepEqual(view.participants.map((p) => p.remainingMs), [52_500, 30_000]);
  assert.equal(clockView(s, T0 + 12_500).participants[1].remainingMs, 28_000);
  assert.equal(clockView(s, T0 + 12_500).participants[1].elapsedMs, 2_000);
  assert.equal(clockView(s, T0 + 12_500).participants[0].elapsedMs, 9_500);
});

test('delay is granted once per turn across pause and resume', () => {
  // Paused 1500 ms into a 2000 ms delay, resumed at T0+10s: cycle_started_at = T0+8500.
  const s = state({ delay: 2000, cycleStartedAt: T0 + 8_500, updatedAt: T0 + 10_000 });
  assert.equal(remaining(s, T0 + 10_400), 60_000);
  assert.equal(remaining(s, T0 + 11_500), 59_000);
  assert.equal(clockView(s, T0 + 10_000).delayRemainingMs, 500);
});

test('per_group shows the running group clock', () => {
  const s = state({
    mode: 'per_group',
    participants: [participant(A, 0, 60_000, { group_id: G1 }), participant(B, 1, 60_000, { group_id: G2 })],
    groups: [
      { group_id: G1, time_used_ms: 0, time_remaining_ms: 60_000, has_expired: false },
      { group_id: G2, time_used_ms: 0, time_remaining_ms: 60_000, has_expired: false },
    ],
  });
  const view = clockView(s, T0 + 11_000);
  assert.deepEqual(view.groups.map((g) => g.remainingMs), [50_000, 60_000]);
  assert.deepEqual(view.groups.map((g) => g.elapsedMs), [10_000, 0]);
  assert.equal(view.participants[0].groupId, G1);
});

test('per_group after switches: only the active group runs, from its mirrored budget', () => {
  // SessionStoreTests: groups [g0: 53000 left, 8000 used], participant C of g1 runs from T0+8s.
  const s = state({
    mode: 'per_group',
    participants: [
      participant(A, 0, 53_000, { group_id: G1, time_used_ms: 5_000 }),
      participant(B, 1, 53_000, { group_id: G1, time_used_ms: 3_000 }),
      participant(C, 2, 60_000, { group_id: G2 }),
    ],
    active: C,
    cycleStartedAt: T0 + 8_000,
    // time_remaining_ms of a running group as rendered at some other instant: clockView must not use it.
    groups: [
      { group_id: G1, time_used_ms: 8_000, time_remaining_ms: 53_000, has_expired: false },
      { group_id: G2, time_used_ms: 0, time_remaining_ms: 59_123, has_expired: false },
    ],
  });
  const view = clockView(s, T0 + 18_000);
  assert.equal(view.groups[1].remainingMs, 50_000);
  assert.equal(view.groups[0].remainingMs, 53_000);
  assert.equal(view.participants[2].remainingMs, 50_000);
  assert.equal(view.participants[0].remainingMs, 53_000);
});

test('global: the shared clock runs on the active participant', () => {
  // After switches at T0+10s and T0+15s every participant mirrors 45000; C runs from T0+15s.
  const s = state({
    mode: 'global',
    participants: [
      participant(A, 0, 45_000, { time_used_ms: 10_000 }),
      participant(B, 1, 45_000, { time_used_ms: 5_000 }),
      participant(C, 2, 45_000),
    ],
    active: C,
    cycleStartedAt: T0 + 15_000,
  });
  const view = clockView(s, T0 + 20_000);
  assert.equal(view.activeRemainingMs, 40_000);
  assert.deepEqual(view.participants.map((p) => p.remainingMs), [45_000, 45_000, 40_000]);
});

test('count_up: time used grows towards the cap', () => {
  // cap 5000; A used 2000 (3000 left to the cap) and runs again from T0+3s.
  const s = state({
    mode: 'count_up',
    total: 5_000,
    participants: [participant(A, 0, 3_000, { time_used_ms: 2_000, cycle_count: 1 }), participant(B, 1, 4_000, { time_used_ms: 1_000 })],
    active: A,
    cycleStartedAt: T0 + 3_000,
  });
  assert.equal(clockView(s, T0 + 4_000).participants[0].elapsedMs, 3_000);
  assert.equal(clockView(s, T0 + 4_000).participants[0].remainingMs, 2_000);
  // Past the cap the display stops at the cap: elapsed never exceeds it.
  assert.equal(clockView(s, T0 + 9_000).participants[0].elapsedMs, 5_000);
  assert.equal(clockView(s, T0 + 9_000).participants[0].remainingMs, 0);
});

test('per_cycle: the active turn counts down from time_per_cycle_ms', () => {
  const s = state({ mode: 'per_cycle', participants: [participant(A, 0, 10_000), participant(B, 1, 10_000)], cycleStartedAt: T0 + 4_000 });
  assert.equal(remaining(s, T0 + 6_500), 7_500);
  assert.equal(remaining(s, T0 + 6_500, 1), 10_000);
});

test('ids compare case-insensitively', () => {
  const s = state();
  s.active_participant_id = A.toUpperCase();
  assert.equal(remaining(s, T0 + 2000), 59_000);
});

test('pending, expired and completed states never run', () => {
  for (const status of ['pending', 'expired', 'completed']) {
    const s = state({ status });
    assert.equal(remaining(s, T0 + 30_000), 60_000, status);
    assert.equal(clockView(s, T0 + 30_000).running, false);
  }
});

test('the view is a pure function of time: no state is carried between calls', () => {
  const s = state();
  const a = clockView(s, T0 + 5_000);
  clockView(s, T0 + 50_000);
  assert.deepEqual(clockView(s, T0 + 5_000), a);
});

test('formatClock rounds up so 0 shows only when out', () => {
  assert.equal(formatClock(60_000), '01:00.0');
  assert.equal(formatClock(59_901), '01:00.0');
  assert.equal(formatClock(59_900), '00:59.9');
  assert.equal(formatClock(1), '00:00.1');
  assert.equal(formatClock(0), '00:00.0');
  assert.equal(formatClock(3_600_000, false), '1:00:00');
});
