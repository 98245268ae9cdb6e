/**
 * Drives a display from a clock without accumulating anything: every tick reads the clock afresh, so a
 * late or skipped frame (background tab, busy main thread) shows the right value on the next one.
 */
export interface TickerOptions {
  /** The instant to display (normally `client.serverNow`). */
  now: () => number;
  /** Without requestAnimationFrame (Node, workers), tick at each multiple of this on the `now` clock. */
  intervalMs?: number;
  /** Override the frame scheduler (defaults to requestAnimationFrame when present). */
  requestFrame?: ((callback: () => void) => unknown) | null;
  cancelFrame?: (handle: unknown) => void;
}

/** Delay from `nowMs` to the next multiple of `intervalMs`: timers re-align every tick and never drift. */
export function nextTickDelay(nowMs: number, intervalMs: number): number {
  const remainder = ((nowMs % intervalMs) + intervalMs) % intervalMs;
  return intervalMs - remainder;
}

/** Calls `onTick(now)` on every animation frame (or interval boundary); returns a stop function. */
export function startTicker(onTick: (nowMs: number) => void, options: TickerOptions): () => void {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number; cancelAnimationFrame?: (h: number) => void };
  const requestFrame = options.requestFrame === undefined ? g.requestAnimationFrame?.bind(globalThis) : options.requestFrame ?? undefined;
  const cancelFrame = options.cancelFrame ?? ((h: unknown) => g.cancelAnimationFrame?.(h as number));
  const intervalMs = options.intervalMs ?? 100;
  let stopped = false;
  let frame: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = () => {
    if (stopped) return;
    onTick(options.now());
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    if (requestFrame) {
      frame = requestFrame(tick);
    } else {
      timer = setTimeout(tick, nextTickDelay(options.now(), intervalMs));
    }
  };

  tick();
  return () => {
    stopped = true;
    if (frame !== undefined) cancelFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
