import { ClockSync, performanceClock, type Clock, type ClockEstimate, type ClockSample } from './clockSync.js';
import { clockView, type ClockView } from './clockView.js';
import { SyncKairosError } from './errors.js';
import type {
  CreateSessionRequest,
  EventsQuery,
  ReadyStatus,
  ServerTime,
  SessionEvent,
  SwitchRequest,
  SwitchResult,
  SyncState,
} from './types.js';
import { onVisible, unref } from './platform.js';
import { SessionWatch, type WatchOptions, type WebSocketConstructor } from './watch.js';

export interface SyncKairosClientOptions {
  /** e.g. `https://timers.example.com` (a path prefix is kept). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer <token>`, and on WebSocket watches as the `access_token` query parameter
   * (browsers cannot set headers on an upgrade); a function is asked before every request and connection.
   */
  token?: string | (() => string | Promise<string>);
  /** The client clock (epoch ms); default: performance.timeOrigin + performance.now(). */
  clock?: Clock;
  fetch?: typeof fetch;
  WebSocket?: WebSocketConstructor;
  /** Round trips per clock-sync round (default 5). */
  clockSamples?: number;
}

export interface ClockSyncOptions {
  /** Re-sync period (default 60 s). */
  intervalMs?: number;
  samples?: number;
}

type Json = Record<string, unknown>;

/** Typed access to every REST route of the v1 contract, clock sync, and session watches. */
export class SyncKairosClient {
  readonly clock: ClockSync;
  private readonly baseUrl: string;
  private readonly token: SyncKairosClientOptions['token'];
  private readonly fetchImpl: typeof fetch;
  private readonly webSocketImpl: WebSocketConstructor | undefined;
  private readonly samples: number;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  private removeVisibility: (() => void) | undefined;
  private readonly watches = new Set<SessionWatch>();

  constructor(options: SyncKairosClientOptions) {
    if (!options?.baseUrl) throw new TypeError('baseUrl is required');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError('no fetch available: pass options.fetch');
    this.fetchImpl = f.bind(globalThis);
    this.webSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    this.clock = new ClockSync(options.clock ?? performanceClock);
    this.samples = options.clockSamples ?? 5;
  }

  // ---- sessions

  createSession(body: CreateSessionRequest): Promise<SyncState> {
    return this.data<SyncState>('POST', '/v1/sessions', body);
  }

  startSession(sessionId: string): Promise<SyncState> {
    return this.data<SyncState>('POST', `/v1/sessions/${enc(sessionId)}/start`);
  }

  switchCycle(sessionId: string, body: SwitchRequest = {}): Promise<SwitchResult> {
    return this.data<SwitchResult>('POST', `/v1/sessions/${enc(sessionId)}/switch`, body);
  }

  getSession(sessionId: string): Promise<SyncState> {
    return this.data<SyncState>('GET', `/v1/sessions/${enc(sessionId)}`);
  }

  pauseSession(sessionId: string): Promise<SyncState> {
    return this.data<SyncState>('POST', `/v1/sessions/${enc(sessionId)}/pause`);
  }

  resumeSession(sessionId: string): Promise<SyncState> {
    return this.data<SyncState>('POST', `/v1/sessions/${enc(sessionId)}/resume`);
  }

  completeSession(sessionId: string): Promise<SyncState> {
    return this.data<SyncState>('POST', `/v1/sessions/${enc(sessionId)}/complete`);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.request('DELETE', `/v1/sessions/${enc(sessionId)}`);
  }

  getEvents(sessionId: string, query: EventsQuery = {}): Promise<SessionEvent[]> {
    const params = new URLSearchParams();
    if (query.after_version !== undefined) params.set('after_version', String(query.after_version));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return this.data<SessionEvent[]>('GET', `/v1/sessions/${enc(sessionId)}/events${qs ? `?${qs}` : ''}`);
  }

  // ---- service

  async getServerTime(): Promise<ServerTime> {
    return (await (await this.request('GET', '/v1/time')).json()) as ServerTime;
  }

  async health(): Promise<{ status: string }> {
    return (await (await this.request('GET', '/health')).json()) as { status: string };
  }

  /** 200 and 503 both answer with a status object; anything else throws. */
  async ready(): Promise<ReadyStatus> {
    return (await (await this.request('GET', '/ready', undefined, [503])).json()) as ReadyStatus;
  }

  async metrics(): Promise<string> {
    return (await this.request('GET', '/metrics')).text();
  }

  // ---- clock

  /** The current offset estimate (null before the first sync): show it as sync quality. */
  get offset(): ClockEstimate | null {
    return this.clock.estimate;
  }

  /** The server's clock now (epoch ms), from the client clock and the estimated offset. */
  serverNow = (): number => this.clock.serverNow();

  /** One round of `GET /v1/time` samples; adopts the tightest. */
  syncClock(samples = this.samples): Promise<ClockEstimate | null> {
    return this.clock.runRound(() => this.timeSample(), samples, 'http');
  }

  /**
   * Syncs now, then every `intervalMs` and whenever the page becomes visible again (browsers throttle
   * timers in background tabs, and a laptop may have slept). Returns a stop function.
   */
  startClockSync(options: ClockSyncOptions = {}): () => void {
    this.stopClockSync();
    const run = () => {
      this.syncClock(options.samples).catch(() => undefined);
    };
    run();
    this.syncTimer = setInterval(run, options.intervalMs ?? 60_000);
    unref(this.syncTimer);
    this.removeVisibility = onVisible(run);
    return () => this.stopClockSync();
  }

  stopClockSync(): void {
    if (this.syncTimer !== undefined) clearInterval(this.syncTimer);
    this.syncTimer = undefined;
    this.removeVisibility?.();
    this.removeVisibility = undefined;
  }

  /** The displayed clocks of a state at the server's current instant (or at `serverNowMs`). */
  view(state: SyncState, serverNowMs: number = this.serverNow()): ClockView {
    return clockView(state, serverNowMs);
  }

  // ---- live

  /** Follows a session over WebSocket with reconnect, ordering and clock sync (see SessionWatch). */
  watch(sessionId: string, options: WatchOptions = {}): SessionWatch {
    if (this.webSocketImpl === undefined) {
      throw new TypeError('no WebSocket available: pass options.WebSocket (Node 20: run with --experimental-websocket)');
    }
    const token = this.token;
    const watch = new SessionWatch({
      sessionId,
      url: token === undefined ? this.wsUrl(sessionId) : async () => this.wsUrl(sessionId, await resolveToken(token)),
      WebSocket: this.webSocketImpl,
      clock: this.clock,
      snapshot: (id) => this.getSession(id),
      options: { pingSamples: this.samples, ...options },
    });
    this.watches.add(watch);
    watch.on('closed', () => this.watches.delete(watch));
    return watch;
  }

  /** Stops clock sync and closes every watch. */
  close(): void {
    this.stopClockSync();
    for (const watch of [...this.watches]) watch.close();
  }

  wsUrl(sessionId: string, token?: string): string {
    const url = new URL(`${this.baseUrl}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('sessionId', sessionId);
    if (token) url.searchParams.set('access_token', token);
    return url.toString();
  }

  private async timeSample(): Promise<ClockSample> {
    const sentAt = this.clock.clientClock();
    const response = await this.request('GET', '/v1/time');
    const receivedAt = this.clock.clientClock();
    const body = (await response.json()) as ServerTime;
    return { sentAt, serverTime: body.timestamp_ms, receivedAt };
  }

  private async data<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    return ((await response.json()) as { data: T }).data;
  }

  private async request(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.token === undefined ? undefined : await resolveToken(this.token);
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new SyncKairosError('NETWORK_ERROR', `${method} ${path} failed: ${(error as Error)?.message ?? error}`, 0, error);
    }
    if (response.ok || okStatuses.includes(response.status)) return response;
    throw await toError(response, method, path);
  }
}

function resolveToken(token: NonNullable<SyncKairosClientOptions['token']>): string | Promise<string> {
  return typeof token === 'function' ? token() : token;
}

async function toError(response: Response, method: string, path: string): Promise<SyncKairosError> {
  const retryHeader = response.headers.get('retry-after');
  const retry = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body is only a nicety here
  }
  try {
    const envelope = JSON.parse(text) as { error?: Json };
    const error = envelope?.error;
    if (error && typeof error.code === 'string') {
      return new SyncKairosError(error.code, String(error.message ?? error.code), response.status, error.details, retry);
    }
  } catch {
    // not JSON: fall through
  }
  return new SyncKairosError('HTTP_ERROR', `${method} ${path}: HTTP ${response.status}`, response.status, text || undefined, retry);
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
