/** Reconnect delays: 1 s, 2 s, 4 s … capped, each spread by ±jitter so that clients do not reconnect in step. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Fraction of the delay drawn at random either side (0.2 → ±20 %). */
  jitter?: number;
}

export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt, 30)));
  const spread = base * jitter * (2 * random() - 1);
  return Math.round(Math.min(max, Math.max(0, base + spread)));
}
