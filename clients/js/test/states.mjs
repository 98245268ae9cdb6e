// Public SyncState builders for the arithmetic tests: the same states the server's tests commit
// (tests/SyncKairos.Grains.Tests/SessionViewUnitTests.cs).
export const T0 = 1_763_761_450_000;
export const A = 'aaaaaaaa-0000-0000-0000-000000000001';
export const B = 'aaaaaaaa-0000-0000-0000-000000000002';
export const C = 'aaaaaaaa-0000-0000-0000-000000000003';
export const G1 = 'bbbbbbbb-0000-0000-0000-000000000001';
export const G2 = 'bbbbbbbb-0000-0000-0000-000000000002';

export const iso = (ms) => (ms == null ? null : new Date(ms).toISOString());

export function participant(id, index, total, extra = {}) {
  return {
    participant_id: id,
    participant_index: index,
    total_time_ms: total,
    time_used_ms: 0,
    time_remaining_ms: total,
    cycle_count: 0,
    is_active: false,
    has_expired: false,
    ...extra,
  };
}

/** A state as the gateway renders it; times given as epoch ms and converted to ISO like the wire. */
export function state({
  mode = 'per_participant',
  status = 'running',
  version = 2,
  participants = [participant(A, 0, 60_000), participant(B, 1, 30_000)],
  active = A,
  cycleStartedAt = T0 + 1000,
  updatedAt = cycleStartedAt ?? T0 + 1000,
  delay = 0,
  deadlineAt = null,
  groups,
  total = 60_000,
} = {}) {
  return {
    session_id: '11111111-2222-3333-4444-555555555555',
    sync_mode: mode,
    status,
    version,
    participants: participants.map((p) => ({ ...p, is_active: p.participant_id === active })),
    active_participant_id: active,
    total_time_ms: total,
    time_per_cycle_ms: mode === 'per_cycle' ? 10_000 : null,
    cycle_started_at: status === 'running' ? iso(cycleStartedAt) : null,
    session_started_at: iso(T0 + 1000),
    session_completed_at: null,
    increment_ms: 0,
    created_at: iso(T0),
    updated_at: iso(updatedAt),
    delay_ms: delay,
    expiry_policy: 'end_session',
    deadline_at: status === 'running' ? iso(deadlineAt) : null,
    ...(groups ? { groups } : {}),
  };
}
