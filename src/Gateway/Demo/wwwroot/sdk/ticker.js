/** Delay from `nowMs` to the next multiple of `intervalMs`: timers re-align every tick and never drift. */
export function nextTickDelay(nowMs, intervalMs) {
    const remainder = ((nowMs % intervalMs) + intervalMs) % intervalMs;
    return intervalMs - remainder;
}
/** Calls `onTick(now)` on every animation frame (or interval boundary); returns a stop function. */
export function startTicker(onTick, options) {
    const g = globalThis;
    const requestFrame = options.requestFrame === undefined ? g.requestAnimationFrame?.bind(globalThis) : options.requestFrame ?? undefined;
    const cancelFrame = options.cancelFrame ?? ((h) => g.cancelAnimationFrame?.(h));
    const intervalMs = options.intervalMs ?? 100;
    let stopped = false;
    let frame;
    let timer;
    const tick = () => {
        if (stopped)
            return;
        onTick(options.now());
        schedule();
    };
    const schedule = () => {
        if (stopped)
            return;
        if (requestFrame) {
            frame = requestFrame(tick);
        }
        else {
            timer = setTimeout(tick, nextTickDelay(options.now(), intervalMs));
        }
    };
    tick();
    return () => {
        stopped = true;
        if (frame !== undefined)
            cancelFrame(frame);
        if (timer !== undefined)
            clearTimeout(timer);
    };
}
