/** Small platform shims so the package runs in browsers and Node alike. */
export function unref(timer) {
    timer?.unref?.();
}
/** Calls `callback` when the page becomes visible again; no-op outside browsers. */
export function onVisible(callback) {
    const doc = globalThis.document;
    if (doc === undefined || typeof doc.addEventListener !== 'function')
        return () => undefined;
    const listener = () => {
        if (doc.visibilityState === 'visible')
            callback();
    };
    doc.addEventListener('visibilitychange', listener);
    return () => doc.removeEventListener('visibilitychange', listener);
}
