import { backoffDelay } from './backoff.js';
import { onVisible, unref } from './platform.js';
import { SyncKairosError } from './errors.js';
/** Close codes after which reconnecting is pointless: deleted (1000 from the server) and policy (bad id). */
const PERMANENT_CLOSE = new Set([1008]);
/**
 * One session followed over WebSocket. Keeps the newest state by version (older or equal updates are
 * dropped, a gap triggers a GET snapshot), reconnects with exponential backoff and asks for a STATE_SYNC
 * after every reconnect, and measures the clock offset with PING/PONG on each connection.
 */
export class SessionWatch {
    sessionId;
    deps;
    listeners = new Map();
    socket;
    current = null;
    connectionStatus = 'connecting';
    attempt = 0;
    connections = 0;
    ended = false;
    reconnectTimer;
    stableTimer;
    resyncTimer;
    pings = new Map();
    syncing = false;
    fetchingSnapshot = false;
    gapUpdate = null;
    removeVisibility;
    removeOnline;
    constructor(deps) {
        this.deps = deps;
        this.sessionId = deps.sessionId;
        this.removeVisibility = onVisible(() => this.onVisible());
        this.removeOnline = onOnline(() => this.reconnectNow());
        // Connect on the next turn so that listeners attached right after watch() see every event.
        queueMicrotask(() => this.connect());
    }
    /** The newest state seen (null until the first). */
    get state() {
        return this.current;
    }
    get status() {
        return this.connectionStatus;
    }
    on(event, listener) {
        let set = this.listeners.get(event);
        if (set === undefined)
            this.listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
    }
    /** Resolves with the first state that satisfies `predicate` (the current one included). */
    waitFor(predicate, timeoutMs = 10_000) {
        if (this.current !== null && predicate(this.current))
            return Promise.resolve(this.current);
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
    async syncClock(samples = this.deps.options.pingSamples ?? 5) {
        if (this.syncing || samples <= 0 || this.socket?.readyState !== 1)
            return;
        this.syncing = true;
        try {
            await this.deps.clock.runRound(() => this.ping(), samples, 'ws');
        }
        catch (error) {
            this.emit('error', error);
        }
        finally {
            this.syncing = false;
        }
    }
    /** Stops for good: closes the socket, cancels timers. */
    close() {
        if (this.ended)
            return;
        this.finish();
        this.socket?.close(1000, 'client closed');
    }
    /**
     * Applies a state if it is newer than the current one. Exposed for apps that also receive states from
     * REST responses (a switch result's state, say) and want one ordered stream.
     */
    offer(state, source) {
        const previous = this.current;
        if (previous !== null && state.version <= previous.version)
            return false;
        this.current = state;
        this.emit('state', state, source);
        if (state.status === 'expired' && previous?.status !== 'expired')
            this.emit('expired', state);
        return true;
    }
    // ---- connection
    connect() {
        if (this.ended)
            return;
        this.reconnectTimer = undefined;
        const url = this.deps.url;
        if (typeof url === 'string') {
            this.open(url);
            return;
        }
        // The token is asked for on every connection: a reconnect hours later needs a fresh one.
        url().then((resolved) => {
            if (!this.ended)
                this.open(resolved);
        }, (error) => {
            if (this.ended)
                return;
            this.emit('error', error);
            this.scheduleReconnect(undefined, undefined);
        });
    }
    open(url) {
        let socket;
        try {
            socket = new this.deps.WebSocket(url);
        }
        catch (error) {
            this.emit('error', error);
            this.scheduleReconnect(undefined, undefined);
            return;
        }
        this.socket = socket;
        // Some WebSocket implementations (Node 20's undici) report a failed connection with `error` only and
        // never `close`: end such a socket ourselves. A connection that hangs is ended too.
        const end = (code, reason) => {
            if (this.socket !== socket)
                return;
            clearTimeout(connectTimer);
            this.onClose(code, reason);
            try {
                socket.close();
            }
            catch {
                // already closing
            }
        };
        const connectTimer = setTimeout(() => end(1006, 'connect timeout'), this.deps.options.connectTimeoutMs ?? 10_000);
        unref(connectTimer);
        socket.addEventListener('open', () => clearTimeout(connectTimer));
        socket.addEventListener('message', (event) => {
            if (this.socket === socket)
                this.onMessage(event.data);
        });
        socket.addEventListener('close', (event) => end(event.code, event.reason));
        socket.addEventListener('error', () => {
            // Normally a close event follows at once and decides about reconnecting; give it that chance.
            setTimeout(() => end(1006, 'connection error'), 50);
        });
    }
    onConnected() {
        const reconnect = this.connections > 0;
        this.connections++;
        this.setStatus({ status: 'connected', attempt: this.attempt });
        if (reconnect)
            this.send({ type: 'RECONNECT' });
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
    onClose(code, reason) {
        this.socket = undefined;
        clearTimeout(this.stableTimer);
        this.rejectPings(new Error('connection closed'));
        if (this.ended)
            return;
        if (code !== undefined && PERMANENT_CLOSE.has(code)) {
            this.emit('error', new SyncKairosError('VALIDATION_ERROR', reason || `closed ${code}`, 0));
            this.finish({ code, reason });
            return;
        }
        this.scheduleReconnect(code, reason);
    }
    scheduleReconnect(code, reason) {
        const delayMs = backoffDelay(this.attempt, this.deps.options.random, this.deps.options.backoff);
        this.attempt++;
        const offline = globalThis.navigator?.onLine === false;
        this.setStatus({ status: offline ? 'offline' : 'reconnecting', attempt: this.attempt, delayMs, code, reason });
        this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
    }
    reconnectNow() {
        if (this.ended || this.reconnectTimer === undefined)
            return;
        clearTimeout(this.reconnectTimer);
        this.connect();
    }
    onVisible() {
        // Background tabs throttle timers: reconnect now if waiting, and re-measure the offset.
        this.reconnectNow();
        void this.syncClock();
    }
    finish(close) {
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
    onMessage(data) {
        if (typeof data !== 'string')
            return;
        let message;
        try {
            message = JSON.parse(data);
        }
        catch {
            return;
        }
        switch (message?.type) {
            case 'CONNECTED':
                this.onConnected();
                break;
            case 'STATE_SYNC':
                if (message.state)
                    this.offer(message.state, 'sync');
                break;
            case 'STATE_UPDATE':
                if (message.state)
                    this.onUpdate(message.state);
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
                }
                else {
                    this.emit('error', new SyncKairosError(String(message.code ?? 'ERROR'), String(message.message ?? ''), 0));
                }
                break;
            default:
                break;
        }
    }
    onUpdate(state) {
        const previous = this.current;
        if (previous === null || state.version <= previous.version + 1) {
            this.offer(state, 'update');
            return;
        }
        // Missing versions (a message lost between the server and us): fetch the snapshot rather than trust a
        // stream with holes; the update that revealed the gap is kept and applied after it if still newer.
        if (this.gapUpdate === null || state.version > this.gapUpdate.version)
            this.gapUpdate = state;
        if (this.fetchingSnapshot)
            return;
        this.fetchingSnapshot = true;
        this.emit('gap', { from: previous.version, to: state.version });
        this.deps.snapshot(this.sessionId).then((snapshot) => this.endGap(snapshot), (error) => {
            if (error instanceof SyncKairosError && error.code === 'SESSION_NOT_FOUND') {
                this.gapUpdate = null;
                this.fetchingSnapshot = false;
                this.onDeleted();
                return;
            }
            this.emit('error', error);
            this.endGap(null);
        });
    }
    endGap(snapshot) {
        this.fetchingSnapshot = false;
        const pending = this.gapUpdate;
        this.gapUpdate = null;
        if (snapshot !== null)
            this.offer(snapshot, 'snapshot');
        if (pending !== null)
            this.offer(pending, 'update');
    }
    onDeleted() {
        if (this.ended)
            return;
        this.emit('deleted', this.sessionId);
        this.close();
    }
    // ---- clock sync
    ping() {
        return new Promise((resolve, reject) => {
            let sentAt = this.deps.clock.clientClock();
            while (this.pings.has(sentAt))
                sentAt += 1e-3;
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
    onPong(message) {
        const receivedAt = this.deps.clock.clientClock();
        if (typeof message.client_time !== 'number' || typeof message.timestamp !== 'number')
            return;
        const pending = this.pings.get(message.client_time);
        if (pending === undefined)
            return;
        this.pings.delete(message.client_time);
        clearTimeout(pending.timer);
        pending.resolve({ sentAt: message.client_time, serverTime: message.timestamp, receivedAt });
    }
    rejectPings(error) {
        for (const pending of this.pings.values()) {
            clearTimeout(pending.timer);
            pending.reject(error);
        }
        this.pings.clear();
    }
    // ---- plumbing
    send(message) {
        if (this.socket?.readyState !== 1)
            return false;
        try {
            this.socket.send(JSON.stringify(message));
            return true;
        }
        catch {
            return false;
        }
    }
    setStatus(event) {
        this.connectionStatus = event.status;
        this.emit('connection', event);
    }
    emit(event, ...args) {
        const set = this.listeners.get(event);
        if (set === undefined)
            return;
        for (const listener of [...set]) {
            try {
                listener(...args);
            }
            catch (error) {
                if (event !== 'error')
                    this.emit('error', error);
            }
        }
    }
}
function onOnline(callback) {
    const g = globalThis;
    if (g.document === undefined || typeof g.addEventListener !== 'function')
        return () => undefined;
    g.addEventListener('online', callback);
    return () => g.removeEventListener?.('online', callback);
}
