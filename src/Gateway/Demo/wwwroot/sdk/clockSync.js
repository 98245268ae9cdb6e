/** The offset and bound one sample gives, or null for a sample that cannot be right (negative round trip). */
export function sampleOffset(sample) {
    const rttMs = sample.receivedAt - sample.sentAt;
    if (!Number.isFinite(rttMs) || rttMs < 0 || !Number.isFinite(sample.serverTime)) {
        return null;
    }
    return { offsetMs: sample.serverTime - (sample.sentAt + sample.receivedAt) / 2, rttMs, errorMs: rttMs / 2 };
}
/** The estimate from a round of samples: the one with the smallest round trip. */
export function bestEstimate(samples, source) {
    let best = null;
    let valid = 0;
    for (const sample of samples) {
        const s = sampleOffset(sample);
        if (s === null)
            continue;
        valid++;
        if (best === null || s.rttMs < best.rttMs) {
            best = { ...s, at: sample.receivedAt };
        }
    }
    if (best === null)
        return null;
    return { offsetMs: best.offsetMs, errorMs: best.errorMs, rttMs: best.rttMs, measuredAt: best.at, source, samples: valid };
}
/**
 * The default client clock: monotonic (performance.now) anchored at the epoch, so that a wall-clock step
 * (NTP, the user changing the time) between two frames does not make the display jump.
 */
export const performanceClock = () => {
    const perf = globalThis.performance;
    return perf !== undefined && typeof perf.timeOrigin === 'number' ? perf.timeOrigin + perf.now() : Date.now();
};
/** Holds the current estimate; rounds replace it, so a drifting clock is followed. */
export class ClockSync {
    clientClock;
    current = null;
    listeners = new Set();
    constructor(clientClock = performanceClock) {
        this.clientClock = clientClock;
    }
    get estimate() {
        return this.current;
    }
    /** The server's clock now, as far as we know (the client clock until the first estimate). */
    serverNow() {
        return this.clientClock() + (this.current?.offsetMs ?? 0);
    }
    /**
     * Takes `count` samples one after another and adopts the best. A round with no valid sample keeps the
     * previous estimate. A new estimate replaces the old one unless the old one is much tighter and recent:
     * a round on a congested link should not throw away a good loopback measurement from seconds ago.
     */
    async runRound(takeSample, count, source) {
        const samples = [];
        let lastError;
        for (let i = 0; i < count; i++) {
            try {
                samples.push(await takeSample());
            }
            catch (error) {
                lastError = error;
            }
        }
        const estimate = bestEstimate(samples, source);
        if (estimate === null) {
            if (lastError !== undefined)
                throw lastError;
            return this.current;
        }
        this.adopt(estimate);
        return this.current;
    }
    /** Adopts an estimate (see runRound for when an older, tighter one is kept). */
    adopt(estimate) {
        if (!shouldReplace(this.current, estimate))
            return;
        this.current = estimate;
        for (const listener of this.listeners)
            listener(estimate);
    }
    onChange(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
}
/** How long a tighter estimate beats a looser new one: clocks drift by at most a few ms per minute. */
export const KEEP_TIGHTER_ESTIMATE_MS = 60_000;
export function shouldReplace(current, next) {
    if (current === null)
        return true;
    if (next.errorMs <= current.errorMs)
        return true;
    return next.measuredAt - current.measuredAt > KEEP_TIGHTER_ESTIMATE_MS;
}
