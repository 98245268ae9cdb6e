import type { SyncState } from './types.js';

/** What a screen shows for one participant at an instant. */
export interface ParticipantClock {
  participantId: string;
  groupId: string | undefined;
  /** Remaining on the clock this participant runs on, floored at 0 (docs/API.md's time_remaining_ms). */
  remainingMs: number;
  /** Charged time including the running turn (count_up shows this). */
  elapsedMs: number;
  isActive: boolean;
  /** As committed by the server. */
  hasExpired: boolean;
  /** Its clock reads 0 now (a running clock at 0: the server's sweeper is about to push the expiry). */
  atZero: boolean;
  isRunning: boolean;
}

export interface GroupClock {
  groupId: string;
  remainingMs: number;
  elapsedMs: number;
  hasExpired: boolean;
  atZero: boolean;
  isRunning: boolean;
}

export interface ClockView {
  /** The server instant the view is for (clamped to the last commit, like the server). */
  at: number;
  status: SyncState['status'];
  version: number;
  activeParticipantId: string | null;
  /** The active clock is running (status running and past the delay). */
  running: boolean;
  /** Time left of the current turn's delay (0 when none or not running). */
  delayRemainingMs: number;
  /** What the running clock has consumed this turn: max(0, now − cycle_started_at − delay_ms). */
  chargeMs: number;
  /** Remaining on the active clock (participant, turn, group or session clock depending on the mode). */
  activeRemainingMs: number | null;
  /** Until the session changes by itself if nobody acts (deadline_at − now), null unless running. */
  deadlineInMs: number | null;
  participants: ParticipantClock[];
  groups: GroupClock[];
}

/** Parses docs/API.md's ISO timestamps; null stays null. */
export function parseTime(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}

/**
 * The displayed clocks at server instant `serverNowMs`, calculated from the committed state (never a
 * decrementing counter): the same formula as the server's SessionView (docs/adr/0005). Every participant's
 * `total_time_ms` is the budget of the clock it runs on as of the last commit; only the active participant
 * of a running session runs, by `max(0, now − cycle_started_at − delay_ms)`. Shared clocks (per_group,
 * global) show the running value on the active participant and its group.
 */
export function clockView(state: SyncState, serverNowMs: number): ClockView {
  const updatedAt = parseTime(state.updated_at) ?? Number.NEGATIVE_INFINITY;
  const now = Math.max(serverNowMs, updatedAt);
  const cycleStartedAt = parseTime(state.cycle_started_at);
  const running = state.status === 'running' && cycleStartedAt !== null;
  const delay = state.delay_ms ?? 0;
  const sinceStart = running ? now - (cycleStartedAt as number) : 0;
  const charge = running ? Math.max(0, sinceStart - delay) : 0;
  const delayRemainingMs = running ? Math.max(0, delay - Math.max(0, sinceStart)) : 0;

  const active = running ? state.participants.find((p) => sameId(p.participant_id, state.active_participant_id)) : undefined;

  const participants: ParticipantClock[] = state.participants.map((p) => {
    const isActive = sameId(p.participant_id, state.active_participant_id);
    const runs = running && isActive;
    const remainingMs = runs ? Math.max(0, p.total_time_ms - charge) : p.total_time_ms;
    return {
      participantId: p.participant_id,
      groupId: p.group_id,
      remainingMs,
      elapsedMs: p.time_used_ms + (runs ? Math.min(charge, p.total_time_ms) : 0),
      isActive,
      hasExpired: p.has_expired,
      atZero: remainingMs === 0,
      isRunning: runs && charge > 0 && remainingMs > 0,
    };
  });

  const groups: GroupClock[] = (state.groups ?? []).map((g) => {
    const runs = active !== undefined && sameId(active.group_id, g.group_id);
    // The running group's budget as of the last commit is mirrored by its active member (ADR 0005);
    // the group's own time_remaining_ms was calculated when the server rendered the message.
    const budget = runs ? active!.total_time_ms : g.time_remaining_ms;
    const remainingMs = runs ? Math.max(0, budget - charge) : budget;
    return {
      groupId: g.group_id,
      remainingMs,
      elapsedMs: g.time_used_ms + (runs ? Math.min(charge, budget) : 0),
      hasExpired: g.has_expired,
      atZero: remainingMs === 0,
      isRunning: runs && charge > 0 && remainingMs > 0,
    };
  });

  const activeClock = participants.find((p) => p.isActive);
  const deadline = state.status === 'running' ? parseTime(state.deadline_at) : null;
  return {
    at: now,
    status: state.status,
    version: state.version,
    activeParticipantId: state.active_participant_id,
    running: running && charge > 0,
    delayRemainingMs,
    chargeMs: charge,
    activeRemainingMs: activeClock ? activeClock.remainingMs : null,
    deadlineInMs: deadline === null ? null : Math.max(0, deadline - now),
    participants,
    groups,
  };
}

/** mm:ss.t (or h:mm:ss.t) for a remaining time; rounds up so a clock shows 0 only when it is out. */
export function formatClock(ms: number, tenths = true): string {
  const step = tenths ? 100 : 1000;
  const units = Math.ceil(Math.max(0, ms) / step);
  const totalSeconds = Math.floor((units * step) / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const base = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return tenths ? `${base}.${units % 10}` : base;
}
