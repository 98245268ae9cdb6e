// The /demo/ page: a chess clock or meeting timer on the SyncKairos SDK (./sdk is the compiled clients/js).
// Every screen renders from the committed state, the server's timestamps and its measured clock offset.
import { SyncKairosClient, formatClock, startTicker } from './sdk/index.js';

const params = new URLSearchParams(location.search);
// ?shift=ms runs this page's clock that far off (to show that offset estimation absorbs it).
const shift = Number(params.get('shift') ?? 0);
const baseUrl = new URL('../', location.href).href;
const client = new SyncKairosClient({ baseUrl, clock: () => performance.timeOrigin + performance.now() + shift });
const $ = (id) => document.getElementById(id);

let names = {};
let watch = null;

client.clock.onChange((e) => {
  $('sync').textContent = `offset ${signed(e.offsetMs)} ms ± ${e.errorMs.toFixed(1)} ms (${e.source}, rtt ${e.rttMs.toFixed(1)} ms)`;
  $('sync').dataset.offsetMs = String(e.offsetMs);
  $('sync').dataset.errorMs = String(e.errorMs);
});
client.startClockSync({ intervalMs: 60_000 });

let openId = location.hash.slice(1);
if (openId) {
  open(openId);
} else {
  $('setup').hidden = false;
}
// Pasting another session's link into this tab opens that session.
window.addEventListener('hashchange', () => {
  if (location.hash.slice(1) !== openId) location.reload();
});

$('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const kind = form.get('kind');
  const ms = Math.round(Number(form.get('minutes')) * 60_000);
  const list = String(form.get('names')).split(',').map((s) => s.trim()).filter(Boolean);
  const people = (list.length ? list : ['White', 'Black']).slice(0, 12).map((name, i) => ({ name, id: crypto.randomUUID(), i }));
  const id = crypto.randomUUID();
  try {
    await client.createSession({
      session_id: id,
      sync_mode: kind === 'meeting' ? 'global' : 'per_participant',
      total_time_ms: ms,
      increment_ms: kind === 'meeting' ? 0 : Math.round(Number(form.get('increment')) * 1000),
      participants: people.map((p) => ({ participant_id: p.id, participant_index: p.i, total_time_ms: ms })),
      metadata: { names: Object.fromEntries(people.map((p) => [p.id, p.name])), kind },
    });
    openId = id;
    location.hash = id;
    $('setup').hidden = true;
    open(id);
  } catch (error) {
    alert(`${error.code}: ${error.message}`);
  }
});

function open(id) {
  $('session').hidden = false;
  $('link').textContent = id.slice(0, 8);
  $('link').href = location.href;
  watch = client.watch(id);
  watch.on('state', (state) => {
    names = state.metadata?.names ?? names;
    renderState(state);
  });
  watch.on('connection', (e) => {
    $('connection').textContent = e.status === 'reconnecting' ? `reconnecting in ${Math.round(e.delayMs / 100) / 10} s` : e.status;
    $('connection').dataset.status = e.status;
  });
  watch.on('expired', () => say('Time is up.'));
  watch.on('deleted', () => say('The session was deleted.'));
  watch.on('error', (e) => say(`${e.code ?? 'error'}: ${e.message ?? e}`));
  startTicker(renderClocks, { now: client.serverNow });

  const act = (fn) => async () => {
    say('');
    try {
      const result = await fn();
      // Responses carry the new state: show it at once (the socket update with the same version is dropped).
      if (result && result.version && result.sync_mode) watch.offer(result, 'update');
    } catch (error) {
      say(`${error.code}: ${error.message}`);
    }
  };
  $('switch').onclick = act(() =>
    client.switchCycle(id, { expected_active_participant_id: watch.state?.active_participant_id ?? undefined }),
  );
  $('start').onclick = act(() => client.startSession(id));
  $('pause').onclick = act(() => client.pauseSession(id));
  $('resume').onclick = act(() => client.resumeSession(id));
  $('complete').onclick = act(() => client.completeSession(id));
  document.addEventListener('keydown', (e) => {
    if (e.code === 'Space' && e.target === document.body) {
      e.preventDefault();
      $('switch').click();
    }
  });
}

function renderState(state) {
  $('status').textContent = state.status;
  $('status').dataset.status = state.status;
  $('version').textContent = `v${state.version}`;
  $('start').disabled = state.status !== 'pending';
  $('pause').disabled = state.status !== 'running';
  $('resume').disabled = state.status !== 'paused';
  $('switch').disabled = state.status !== 'running';
  $('complete').disabled = ['completed', 'cancelled'].includes(state.status);
  const clocks = $('clocks');
  if (clocks.children.length !== state.participants.length) {
    clocks.replaceChildren(
      ...state.participants.map((p, i) => {
        const el = document.createElement('div');
        el.className = 'clock';
        el.dataset.index = String(i);
        el.innerHTML = '<div class="name"></div><div class="time"></div><div class="meta"></div>';
        el.querySelector('.name').textContent = names[p.participant_id] ?? `Participant ${i + 1}`;
        return el;
      }),
    );
  }
  renderClocks(client.serverNow());
}

function renderClocks(now) {
  const state = watch?.state;
  if (!state) return;
  const view = client.view(state, now);
  const els = $('clocks').children;
  view.participants.forEach((p, i) => {
    const el = els[i];
    if (!el) return;
    el.classList.toggle('active', p.isActive);
    el.classList.toggle('expired', p.hasExpired || p.atZero);
    el.dataset.active = String(p.isActive);
    el.dataset.remainingMs = String(p.remainingMs);
    const time = formatClock(state.sync_mode === 'count_up' ? p.elapsedMs : p.remainingMs);
    const timeEl = el.querySelector('.time');
    if (timeEl.textContent !== time) timeEl.textContent = time;
    const meta = p.isActive && view.delayRemainingMs > 0 ? `delay ${formatClock(view.delayRemainingMs)}` : `moves ${state.participants[i].cycle_count}`;
    const metaEl = el.querySelector('.meta');
    if (metaEl.textContent !== meta) metaEl.textContent = meta;
  });
}

function say(text) {
  $('message').textContent = text;
}

function signed(n) {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}

// For tests and the curious: what this screen shows, with the real (unshifted) clock it was read at.
window.synckairosDemo = {
  client,
  watchStatus: () => watch?.status ?? null,
  probe() {
    const state = watch?.state;
    const now = client.serverNow();
    return {
      realNow: Date.now(),
      serverNow: now,
      offset: client.offset,
      version: state?.version ?? null,
      view: state ? client.view(state, now) : null,
    };
  },
};
