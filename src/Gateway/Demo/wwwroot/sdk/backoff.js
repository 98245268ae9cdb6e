export function backoffDelay(attempt, random = Math.random, options = {}) {
    const initial = options.initialMs ?? 1000;
    const max = options.maxMs ?? 60_000;
    const jitter = options.jitter ?? 0.2;
    const base = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt, 30)));
    const spread = base * jitter * (2 * random() - 1);
    return Math.round(Math.min(max, Math.max(0, base + spread)));
}
