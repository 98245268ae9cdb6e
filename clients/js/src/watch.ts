import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { ClockSample, ClockSync } from './clockSync.js';
import { onVisible, unref } from './platform.js';
import { SyncKairosError } from './errors.js';
import type { SyncState } from './types.js';

/** The subset of the WHATWG WebSocket the watch uses (browsers, Node 22+, Node 20 with --experimental-websocket). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionEvent {
  status: ConnectionStatus;
  /** Failed connection attempts since the last stable connection. */
  attempt: number;
  /** With `reconnecting`: how long until the next attempt. */
  delayMs?: number;
  /** The close code and reason that ended the previous connection. */
  code?: number;
  reason?: string;
}

/** Where a state came from: a live update, the server's sync (connect, RECONNECT), or a GET after a gap. */
export type StateSource = 'update' | 'sync' | 'snapshot';

export interface WatchEvents {
  state: (state: SyncState, source: StateSource) => void;
  /** The session reached status `expired` (pushed by the server's deadline sweeper or a switch). */
  expired: (state: SyncState) => void;
  deleted: (sessionId: string) => void;
  connection: (event: ConnectionEvent) => void;
  /** Versions were missing between two updates; a GET snapshot follows (source `snapshot`). */
  gap: (info: { from: number; to: number }) => void;
  error: (error: unknown) => void;
  /** The watch ended for good (close(), deletion, or a permanent close by the server). */
  closed: () => void;
}

export interface WatchOptions {
  /** PING round trips per clock-sync round on the socket (default 5). 0 disables socket clock sync. */
  pingSamples?: number;
  /** Re-sync period over the socket (default 30 s). */
  resyncIntervalMs?: number;
  /** A connection that stays up this long resets the backoff (default 10 s). */
  stableAfterMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Give up on a connection attempt after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** How long to wait for a PONG (default 5 s). */
  pingTimeoutMs?: number;
}

interface WatchDeps {
  sessionId: string;
  /** A function when the URL carries a token that may change between connections. */
  url: string | (() => Promise<string>);
  WebSocket: WebSocketConstructor;
  clock: ClockSync;
  snapshot: (sessionId: string) => Promise<SyncState>;
  options: WatchOptions;
}

interface PendingPing {
  resolve: (sample: ClockSample) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Close codes after which reconnecting is pointless: deleted (1000 from the server) and policy (bad id). */
const PERMANENT_CLOSE = new Set([1008]);

/**
 * One session followed over WebSocket. Keeps the newest state by version (older or equal updates are
 * dropped, a gap triggers a GET snapshot), reconnects with exponential backoff and asks for a STATE_SYNC
 * after every reconnect, and measures the clock offset with PING/PONG on each connection.
 */
export class SessionWatch {
  readonly sessionId: string;
  private readonly deps: WatchDeps;
  private readonly listeners = new Map<keyof WatchEvents, Set<(...args: any[]) => void>>();
  private socket: WebSocketLike | undefined;
  private current: SyncState | null = null;
  private connectionStatus: ConnectionStatus = 'connecting';
  private attempt = 0;
  private connections = 0;
  private ended = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private readonly pings = new Map<number, PendingPing>();
  private syncing = false;
  private fetchingSnapshot = false;
  private gapUpdate: SyncState | null = null;
  private readonly removeVisibility: () => void;
  private readonly removeOnline: () => void;

  constructor(deps: WatchDeps) {
    this.deps = deps;
    this.sessionId = deps.sessionId;
    this.removeVisibility = onVisible(() => this.onVisible());
    this.removeOnline = onOnline(() => this.reconnectNow());
    // Connect on the next turn so that listeners attached right after watch() see every event.
    queueMicrotask(() => this.connect());
  }

  /** The newest state seen (null until the first). */
  get state(): SyncState | null {
    return this.current;
  }

  get status(): ConnectionStatus {
    return this.connectionStatus;
  }

  on<K extends keyof WatchEvents>(event: K, listener: WatchEvents[K]): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener as (...args: any[]) => void);
    return () => set!.delete(listener as (...args: any[]) => void);
  }

  /** Resolves with the first state that satisfies `predicate` (the current one included). */
  waitFor(predicate: (state: SyncState) => boolean, timeoutMs = 10_000): Promise<SyncState> {
    if (this.current !== null && predicate(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms (version ${this.current?.version ?? 'none'})`));
      }, timeoutMs);
      const off = this.on('state', (state) => {
        if (predicate(state)) {
          clearTimeout(timer);
          off();
          resolve(state);
        }
      });
    });
  }

  /** Runs a PING/PONG clock-sync round now (on an open connection). */
  async syncClock(samples = this.deps.options.pingSamples ?? 5): Promise<void> {
    if (this.syncing || samples <= 0 || this.socket?.readyState !== 1) return;
    this.syncing = true;
    try {
      await this.deps.clock.runRound(() => this.ping(), samples, 'ws');
    } catch (error) {
      this.emit('error', error);
    } finally {
      this.syncing = false;
    }
  }

  /** Stops for good: closes the socket, cancels timers. */
  close(): void {
    if (this.ended) return;
    this.finish();
    this.socket?.close(1000, 'client closed');
  }

  /**
   * Applies a state if it is newer than the current one. Exposed for apps that also receive states from
   * REST responses (a switch result's state, say) and want one ordered stream.
   */
  offer(state: SyncState, source: StateSource): boolean {
    const previous = this.current;
    if (previous !== null && state.version <= previous.version) return false;
    this.current = state;
    this.emit('state', state, source);
    if (state.status === 'expired' && previous?.status !== 'expired') this.emit('expired', state);
    return true;
  }

  // ---- connection

  private connect(): void {
    if (this.ended) return;
    this.reconnectTimer = undefined;
    const url = this.deps.url;
    if (typeof url === 'string') {
      this.open(url);
      return;
    }
    // The token is asked for on every connection: a reconnect hours later needs a fresh one.
    url().then(
      (resolved) => {
        if (!this.ended) this.open(resolved);
      },
      (error: unknown) => {
        if (this.ended) return;
        this.emit('error', error);
        this.scheduleReconnect(undefined, undefined);
      },
    );
  }

  private open(url: string): void {
    let socket: WebSocketLike;
    try {
      socket = new this.deps.WebSocket(url);
    } catch (error) {
      this.emit('error', error);
      this.scheduleReconnect(undefined, undefined);
      return;
    }
    this.socket = socket;
    // Some WebSocket implementations (Node 20's undici) report a failed connection with `error` only and
    // never `close`: end such a socket ourselves. A connection that hangs is ended too.
    const end = (code: number | undefined, reason: string | undefined) => {
      if (this.socket !== socket) return;
      clearTimeout(connectTimer);
      this.onClose(code, reason);
      try {
        socket.close();
      } catch {
        // already closing
      }
    };
    const connectTimer = setTimeout(() => end(1006, 'connect timeout'), this.deps.options.connectTimeoutMs ?? 10_000);
    unref(connectTimer);
    socket.addEventListener('open', () => clearTimeout(connectTimer));
    socket.addEventListener('message', (event: { data: unknown }) => {
      if (this.socket === socket) this.onMessage(event.data);
    });
    socket.addEventListener('close', (event: { code?: number; reason?: string }) => end(event.code, event.reason));
    socket.addEventListener('error', () => {
      // Normally a close event follows at once and decides about reconnecting; give it that chance.
      setTimeout(() => end(1006, 'connection error'), 50);
    });
  }

  private onConnected(): void {
    const reconnect = this.connections > 0;
    this.connections++;
    this.setStatus({ status: 'connected', attempt: this.attempt });
    if (reconnect) this.send({ type: 'RECONNECT' });
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.attempt = 0;
    }, this.deps.options.stableAfterMs ?? 10_000);
    unref(this.stableTimer);
    if (this.resyncTimer === undefined) {
      this.resyncTimer = setInterval(() => void this.syncClock(), this.deps.options.resyncIntervalMs ?? 30_000);
      unref(this.resyncTimer);
    }
    void this.syncClock();
  }

  private onClose(code: number | undefined, reason: string | undefined): void {
    this.socket = undefined;
    clearTimeout(this.stableTimer);
    this.rejectPings(new Error('connection closed'));
    if (this.ended) return;
    if (code !== undefined && PERMANENT_CLOSE.has(code)) {
      this.emit('error', new SyncKairosError('VALIDATION_ERROR', reason || `closed ${code}`, 0));
      this.finish({ code, reason });
      return;
    }
    this.scheduleReconnect(code, reason);
  }

  private scheduleReconnect(code: number | undefined, reason: string | undefined): void {
    const delayMs = backoffDelay(this.attempt, this.deps.options.random, this.deps.options.backoff);
    this.attempt++;
    const offline = (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
    this.setStatus({ status: offline ? 'offline' : 'reconnecting', attempt: this.attempt, delayMs, code, reason });
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
  }

  private reconnectNow(): void {
    if (this.ended || this.reconnectTimer === undefined) return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  }

  private onVisible(): void {
    // Background tabs throttle timers: reconnect now if waiting, and re-measure the offset.
    this.reconnectNow();
    void this.syncClock();
  }

  private finish(close?: { code?: number; reason?: string }): void {
    this.ended = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.stableTimer);
    clearInterval(this.resyncTimer);
    this.removeVisibility();
    this.removeOnline();
    this.rejectPings(new Error('watch closed'));
    this.setStatus({ status: 'offline', attempt: this.attempt, ...close });
    this.emit('closed');
  }

  // ---- messages

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: any;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    switch (message?.type) {
      case 'CONNECTED':
        this.onConnected();
        break;
      case 'STATE_SYNC':
        if (message.state) this.offer(message.state as SyncState, 'sync');
        break;
      case 'STATE_UPDATE':
        if (message.state) this.onUpdate(message.state as SyncState);
        break;
      case 'SESSION_DELETED':
        this.onDeleted();
        break;
      case 'PONG':
        this.onPong(message);
        break;
      case 'ERROR':
        if (message.code === 'SESSION_NOT_FOUND' && this.current !== null) {
          this.onDeleted();
        } else {
          this.emit('error', new SyncKairosError(String(message.code ?? 'ERROR'), String(message.message ?? ''), 0));
        }
        break;
      default:
        break;
    }
  }

  private onUpdate(state: SyncState): void {
    const previous = this.current;
    if (previous === null || state.version <= previous.version + 1) {
      this.offer(state, 'update');
      return;
    }
    // Missing versions (a message lost between the server and us): fetch the snapshot rather than trust a
    // stream with holes; the update that revealed the gap is kept and applied after it if still newer.
    if (this.gapUpdate === null || state.version > this.gapUpdate.version) this.gapUpdate = state;
    if (this.fetchingSnapshot) return;
    this.fetchingSnapshot = true;
    this.emit('gap', { from: previous.version, to: state.version });
    this.deps.snapshot(this.sessionId).then(
      (snapshot) => this.endGap(snapshot),
      (error: unknown) => {
        if (error instanceof SyncKairosError && error.code === 'SESSION_NOT_FOUND') {
          this.gapUpdate = null;
          this.fetchingSnapshot = false;
          this.onDeleted();
          return;
        }
        this.emit('error', error);
        this.endGap(null);
      },
    );
  }

  private endGap(snapshot: SyncState | null): void {
    this.fetchingSnapshot = false;
    const pending = this.gapUpdate;
    this.gapUpdate = null;
    if (snapshot !== null) this.offer(snapshot, 'snapshot');
    if (pending !== null) this.offer(pending, 'update');
  }

  private onDeleted(): void {
    if (this.ended) return;
    this.emit('deleted', this.sessionId);
    this.close();
  }

  // ---- clock sync

  private ping(): Promise<ClockSample> {
    return new Promise((resolve, reject) => {
      let sentAt = this.deps.clock.clientClock();
      while (this.pings.has(sentAt)) sentAt += 1e-3;
      const timer = setTimeout(() => {
        this.pings.delete(sentAt);
        reject(new Error('PONG timed out'));
      }, this.deps.options.pingTimeoutMs ?? 5000);
      this.pings.set(sentAt, { resolve, reject, timer });
      if (!this.send({ type: 'PING', client_time: sentAt })) {
        clearTimeout(timer);
        this.pings.delete(sentAt);
        reject(new Error('not connected'));
      }
    });
  }

  private onPong(message: { timestamp?: unknown; client_time?: unknown }): void {
    const receivedAt = this.deps.clock.clientClock();
    if (typeof message.client_time !== 'number' || typeof message.timestamp !== 'number') return;
    const pending = this.pings.get(message.client_time);
    if (pending === undefined) return;
    this.pings.delete(message.client_time);
    clearTimeout(pending.timer);
    pending.resolve({ sentAt: message.client_time, serverTime: message.timestamp, receivedAt });
  }

  private rejectPings(error: Error): void {
    for (const pending of this.pings.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pings.clear();
  }

  // ---- plumbing

  private send(message: object): boolean {
    if (this.socket?.readyState !== 1) return false;
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  private setStatus(event: ConnectionEvent): void {
    this.connectionStatus = event.status;
    this.emit('connection', event);
  }

  private emit(event: keyof WatchEvents, ...args: unknown[]): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        if (event !== 'error') this.emit('error', error);
      }
    }
  }
}

function onOnline(callback: () => void): () => void {
  const g = globalThis as { addEventListener?: (t: string, l: () => void) => void; removeEventListener?: (t: string, l: () => void) => void; document?: unknown };
  if (g.document === undefined || typeof g.addEventListener !== 'function') return () => undefined;
  g.addEventListener('online', callback);
  return () => g.removeEventListener?.('online', callback);
}
