import { ClockSync, performanceClock } from './clockSync.js';
import { clockView } from './clockView.js';
import { SyncKairosError } from './errors.js';
import { onVisible, unref } from './platform.js';
import { SessionWatch } from './watch.js';
/** Typed access to every REST route of the v1 contract, clock sync, and session watches. */
export class SyncKairosClient {
    clock;
    baseUrl;
    token;
    fetchImpl;
    webSocketImpl;
    samples;
    syncTimer;
    removeVisibility;
    watches = new Set();
    constructor(options) {
        if (!options?.baseUrl)
            throw new TypeError('baseUrl is required');
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.token = options.token;
        const f = options.fetch ?? globalThis.fetch;
        if (typeof f !== 'function')
            throw new TypeError('no fetch available: pass options.fetch');
        this.fetchImpl = f.bind(globalThis);
        this.webSocketImpl = options.WebSocket ?? globalThis.WebSocket;
        this.clock = new ClockSync(options.clock ?? performanceClock);
        this.samples = options.clockSamples ?? 5;
    }
    // ---- sessions
    createSession(body) {
        return this.data('POST', '/v1/sessions', body);
    }
    startSession(sessionId) {
        return this.data('POST', `/v1/sessions/${enc(sessionId)}/start`);
    }
    switchCycle(sessionId, body = {}) {
        return this.data('POST', `/v1/sessions/${enc(sessionId)}/switch`, body);
    }
    getSession(sessionId) {
        return this.data('GET', `/v1/sessions/${enc(sessionId)}`);
    }
    pauseSession(sessionId) {
        return this.data('POST', `/v1/sessions/${enc(sessionId)}/pause`);
    }
    resumeSession(sessionId) {
        return this.data('POST', `/v1/sessions/${enc(sessionId)}/resume`);
    }
    completeSession(sessionId) {
        return this.data('POST', `/v1/sessions/${enc(sessionId)}/complete`);
    }
    async deleteSession(sessionId) {
        await this.request('DELETE', `/v1/sessions/${enc(sessionId)}`);
    }
    getEvents(sessionId, query = {}) {
        const params = new URLSearchParams();
        if (query.after_version !== undefined)
            params.set('after_version', String(query.after_version));
        if (query.limit !== undefined)
            params.set('limit', String(query.limit));
        const qs = params.toString();
        return this.data('GET', `/v1/sessions/${enc(sessionId)}/events${qs ? `?${qs}` : ''}`);
    }
    // ---- service
    async getServerTime() {
        return (await (await this.request('GET', '/v1/time')).json());
    }
    async health() {
        return (await (await this.request('GET', '/health')).json());
    }
    /** 200 and 503 both answer with a status object; anything else throws. */
    async ready() {
        return (await (await this.request('GET', '/ready', undefined, [503])).json());
    }
    async metrics() {
        return (await this.request('GET', '/metrics')).text();
    }
    // ---- clock
    /** The current offset estimate (null before the first sync): show it as sync quality. */
    get offset() {
        return this.clock.estimate;
    }
    /** The server's clock now (epoch ms), from the client clock and the estimated offset. */
    serverNow = () => this.clock.serverNow();
    /** One round of `GET /v1/time` samples; adopts the tightest. */
    syncClock(samples = this.samples) {
        return this.clock.runRound(() => this.timeSample(), samples, 'http');
    }
    /**
     * Syncs now, then every `intervalMs` and whenever the page becomes visible again (browsers throttle
     * timers in background tabs, and a laptop may have slept). Returns a stop function.
     */
    startClockSync(options = {}) {
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
    stopClockSync() {
        if (this.syncTimer !== undefined)
            clearInterval(this.syncTimer);
        this.syncTimer = undefined;
        this.removeVisibility?.();
        this.removeVisibility = undefined;
    }
    /** The displayed clocks of a state at the server's current instant (or at `serverNowMs`). */
    view(state, serverNowMs = this.serverNow()) {
        return clockView(state, serverNowMs);
    }
    // ---- live
    /** Follows a session over WebSocket with reconnect, ordering and clock sync (see SessionWatch). */
    watch(sessionId, options = {}) {
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
    close() {
        this.stopClockSync();
        for (const watch of [...this.watches])
            watch.close();
    }
    wsUrl(sessionId, token) {
        const url = new URL(`${this.baseUrl}/ws`);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('sessionId', sessionId);
        if (token)
            url.searchParams.set('access_token', token);
        return url.toString();
    }
    async timeSample() {
        const sentAt = this.clock.clientClock();
        const response = await this.request('GET', '/v1/time');
        const receivedAt = this.clock.clientClock();
        const body = (await response.json());
        return { sentAt, serverTime: body.timestamp_ms, receivedAt };
    }
    async data(method, path, body) {
        const response = await this.request(method, path, body);
        return (await response.json()).data;
    }
    async request(method, path, body, okStatuses = []) {
        const headers = { accept: 'application/json' };
        if (body !== undefined)
            headers['content-type'] = 'application/json';
        const token = this.token === undefined ? undefined : await resolveToken(this.token);
        if (token)
            headers.authorization = `Bearer ${token}`;
        let response;
        try {
            response = await this.fetchImpl(this.baseUrl + path, {
                method,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                cache: 'no-store',
            });
        }
        catch (error) {
            throw new SyncKairosError('NETWORK_ERROR', `${method} ${path} failed: ${error?.message ?? error}`, 0, error);
        }
        if (response.ok || okStatuses.includes(response.status))
            return response;
        throw await toError(response, method, path);
    }
}
function resolveToken(token) {
    return typeof token === 'function' ? token() : token;
}
async function toError(response, method, path) {
    const retryHeader = response.headers.get('retry-after');
    const retry = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
    let text = '';
    try {
        text = await response.text();
    }
    catch {
        // the body is only a nicety here
    }
    try {
        const envelope = JSON.parse(text);
        const error = envelope?.error;
        if (error && typeof error.code === 'string') {
            return new SyncKairosError(error.code, String(error.message ?? error.code), response.status, error.details, retry);
        }
    }
    catch {
        // not JSON: fall through
    }
    return new SyncKairosError('HTTP_ERROR', `${method} ${path}: HTTP ${response.status}`, response.status, text || undefined, retry);
}
function enc(id) {
    return encodeURIComponent(id);
}
