export { SyncKairosClient } from './client.js';
export { SyncKairosError } from './errors.js';
export { ClockSync, bestEstimate, sampleOffset, shouldReplace, performanceClock, KEEP_TIGHTER_ESTIMATE_MS, } from './clockSync.js';
export { clockView, formatClock, parseTime } from './clockView.js';
export { startTicker, nextTickDelay } from './ticker.js';
export { backoffDelay } from './backoff.js';
export { SessionWatch, } from './watch.js';
