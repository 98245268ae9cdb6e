export { SyncKairosClient, type SyncKairosClientOptions, type ClockSyncOptions } from './client.js';
export { SyncKairosError, type ErrorCode } from './errors.js';
export {
  ClockSync,
  bestEstimate,
  sampleOffset,
  shouldReplace,
  performanceClock,
  KEEP_TIGHTER_ESTIMATE_MS,
  type Clock,
  type ClockEstimate,
  type ClockSample,
} from './clockSync.js';
export { clockView, formatClock, parseTime, type ClockView, type ParticipantClock, type GroupClock } from './clockView.js';
export { startTicker, nextTickDelay, type TickerOptions } from './ticker.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export {
  SessionWatch,
  type WatchEvents,
  type WatchOptions,
  type ConnectionEvent,
  type ConnectionStatus,
  type StateSource,
  type WebSocketLike,
  type WebSocketConstructor,
} from './watch.js';
export type * from './types.js';
