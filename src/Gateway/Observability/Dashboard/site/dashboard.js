// SyncKairos ops dashboard: polls /v1/cluster and /metrics.json once a second; no external libraries.
"use strict";
const history = { sps: [], p99: [], ws: [], audit: [] };
const HISTORY = 120;
let previousMetrics = null;
let offsetMs = 0; // server clock minus local clock, from GET /v1/time (best round trip kept)
let bestRtt = Infinity;
let session = null;

const $ = (id) => document.getElementById(id);
const fmt = (v, digits = 0) => (v === null || v === undefined || Number.isNaN(v)) ? "–" : Number(v).toFixed(digits);

function family(metrics, name) { return metrics.find((f) => f.name === name); }
function total(metrics, name, match) {
  const f = family(metrics, name);
  if (!f) return 0;
  return f.series.filter((s) => Object.entries(match || {}).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + (f.type === "histogram" ? s.count : s.value), 0);
}
function buckets(metrics, name) {
  const f = family(metrics, name);
  if (!f || !f.buckets) return null;
  const sum = new Array(f.buckets.length + 1).fill(0);
  for (const s of f.series) s.buckets.forEach((c, i) => { sum[i] += c; });
  return { bounds: f.buckets, cumulative: sum };
}
// Quantile over the observations since the previous poll (falls back to all when nothing new).
function quantile(now, before, name, q) {
  const a = buckets(now, name);
  if (!a) return null;
  const b = before && buckets(before, name);
  let counts = a.cumulative.map((c, i) => c - (b ? b.cumulative[i] : 0));
  if (counts[counts.length - 1] === 0) counts = a.cumulative;
  const n = counts[counts.length - 1];
  if (n === 0) return null;
  const rank = Math.ceil(q * n);
  const i = counts.findIndex((c) => c >= rank);
  return i < a.bounds.length ? a.bounds[i] : Infinity;
}

function push(series, value) { series.push(value ?? 0); if (series.length > HISTORY) series.shift(); }
function draw(id, values) {
  const svg = $(id);
  const max = Math.max(1, ...values);
  const step = 300 / Math.max(1, HISTORY - 1);
  const start = HISTORY - values.length;
  const points = values.map((v, i) => `${((start + i) * step).toFixed(1)},${(78 - (v / max) * 74).toFixed(1)}`).join(" ");
  svg.innerHTML = `<polyline points="${points}"></polyline><text x="2" y="10" fill="#8b95a1" font-size="9">${fmt(max, max < 10 ? 1 : 0)}</text>`;
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function syncClock() {
  const t0 = Date.now();
  const time = await getJson("/v1/time");
  const t1 = Date.now();
  if (t1 - t0 < bestRtt) { bestRtt = t1 - t0; offsetMs = time.timestamp_ms - (t0 + t1) / 2; }
}
const serverNow = () => Date.now() + offsetMs;

async function poll() {
  try {
    const [cluster, metrics] = await Promise.all([getJson("/v1/cluster"), getJson("/metrics.json")]);
    renderCluster(cluster.data);
    renderMetrics(metrics);
    $("status").textContent = `instance ${cluster.data.self} · updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $("status").textContent = `error: ${e.message}`;
  }
}

function renderCluster(c) {
  const t = c.totals;
  $("m-instances").textContent = t.instances;
  $("m-live").textContent = t.live_sessions < 0 ? "…" : t.live_sessions;
  $("m-running").textContent = t.running_sessions;
  $("m-sps").textContent = fmt(t.switches_per_second, 1);
  $("m-audit").textContent = `${t.audit_queue_size} / ${t.audit_lag_ms}`;
  $("m-dead").textContent = t.audit_dead_letters;
  push(history.sps, t.switches_per_second);
  push(history.audit, t.audit_queue_size);
  draw("c-sps", history.sps);
  draw("c-audit", history.audit);
  const rows = c.instances.map((i) => {
    const age = c.now_ms - i.seen_at_ms;
    const health = age < 5000 ? '<span class="ok">live</span>' : `<span class="stale">${fmt(age / 1000, 1)} s ago</span>`;
    return `<tr><td>${escapeHtml(i.instance_id)}${i.instance_id === c.self ? " (this)" : ""}</td><td>${health}</td><td>${escapeHtml(i.version)}</td>`
      + `<td>${fmt(i.uptime_s)} s</td><td>${i.connections}</td><td>${fmt(i.switches_per_second, 1)}</td><td>${fmt(i.switch_p99_ms, 2)}</td><td>${i.audit_queue_size}</td></tr>`;
  });
  document.querySelector("#instances tbody").innerHTML = rows.join("");
}

function renderMetrics(m) {
  const p50 = quantile(m, previousMetrics, "synckairos_switch_cycle_duration_ms", 0.5);
  const p99 = quantile(m, previousMetrics, "synckairos_switch_cycle_duration_ms", 0.99);
  $("m-switch-total").textContent = total(m, "synckairos_session_transitions_total", { command: "switch", result: "ok" });
  $("m-switch-lat").textContent = `${fmt(p50, 2)} / ${fmt(p99, 2)}`;
  const ws = total(m, "synckairos_websocket_connections");
  $("m-ws").textContent = ws;
  $("m-expiry").textContent = fmt(quantile(m, null, "synckairos_expiry_lag_ms", 0.99), 1);
  $("m-redis").textContent = fmt(quantile(m, previousMetrics, "synckairos_redis_command_duration_ms", 0.99), 2);
  $("m-requests").textContent = total(m, "synckairos_http_requests_total");
  push(history.p99, Number.isFinite(p99) ? p99 : 0);
  push(history.ws, ws);
  draw("c-p99", history.p99);
  draw("c-ws", history.ws);
  previousMetrics = m;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]));
}

async function lookup(id) {
  try {
    const state = await getJson(`/v1/sessions/${encodeURIComponent(id)}`);
    session = state.data;
  } catch (e) {
    if (!session || session.session_id !== id) {
      session = null;
      $("session").textContent = `lookup failed: ${e.message}`;
      $("events").innerHTML = "";
    }
    return;
  }
  try {
    const events = await getJson(`/v1/sessions/${encodeURIComponent(id)}/events?limit=1000`);
    $("events").innerHTML = events.data.slice(-20).reverse().map((e) =>
      `<li>v${e.version} <b>${escapeHtml(e.event_type)}</b> ${escapeHtml(e.occurred_at)}${e.participant_id ? ` · ${escapeHtml(e.participant_id.slice(0, 8))}` : ""}</li>`).join("");
  } catch (e) {
    $("events").innerHTML = `<li class="muted">events unavailable: ${escapeHtml(e.message)}</li>`;
  }
}

// The live clock is calculated from the server's timestamps at every frame, never counted down.
function remainingMs(s, p) {
  if (!p.is_active || s.status !== "running" || !s.cycle_started_at) return p.time_remaining_ms;
  const elapsed = Math.max(0, serverNow() - Date.parse(s.cycle_started_at) - (s.delay_ms || 0));
  return Math.max(0, p.total_time_ms - elapsed);
}
function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}.${String(Math.floor((ms % 1000) / 100))}`;
}
function renderSession() {
  if (session) {
    const parts = session.participants.map((p) => `<span class="participant${p.is_active ? " active" : ""}" data-participant="${escapeHtml(p.participant_id)}">`
      + `<span class="muted">${escapeHtml(p.participant_id.slice(0, 8))}</span><br><span class="clock">${clock(remainingMs(session, p))}</span></span>`);
    $("session").innerHTML = `<div>status <b id="session-status">${escapeHtml(session.status)}</b> · version ${session.version} · ${escapeHtml(session.sync_mode)}</div>${parts.join("")}`;
  }
  requestAnimationFrame(renderSession);
}

$("lookup").addEventListener("submit", (e) => { e.preventDefault(); const id = $("session-id").value.trim(); if (id) lookup(id); });
setInterval(() => { if (session) lookup(session.session_id); }, 2000);
syncClock().catch(() => {});
setInterval(() => syncClock().catch(() => {}), 10000);
poll();
setInterval(poll, 1000);
requestAnimationFrame(renderSession);
