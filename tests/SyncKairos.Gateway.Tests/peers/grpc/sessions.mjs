// A real gRPC peer for synckairos.v1.SyncKairos: @grpc/grpc-js loading the repository's .proto.
// Usage: node sessions.mjs <host:port> <proto root> <proto file under the root> <scenario> '<json args>'
// Prints one JSON line with what the client saw.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const [address, protoRoot, protoFile, scenario, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}');

const definition = protoLoader.loadSync(protoFile, { includeDirs: [protoRoot], keepCase: true, longs: Number, enums: String, defaults: false });
const SyncKairos = grpc.loadPackageDefinition(definition).synckairos.v1.SyncKairos;
const client = new SyncKairos(address, grpc.credentials.createInsecure());
// A second connection, as another player's client would have.
const other = new SyncKairos(address, grpc.credentials.createInsecure());

function call(target, method, request) {
  return new Promise((resolve) => {
    target[method](request, (err, reply) => {
      if (err) {
        const bin = err.metadata?.get('grpc-status-details-bin') ?? [];
        resolve({ code: err.code, details: err.details, detailsBin: bin.length > 0 ? Buffer.from(bin[0]).toString('base64') : null });
      } else {
        resolve({ code: 0, reply });
      }
    });
  });
}

function newSession(count = 2) {
  return {
    session_id: randomUUID(),
    sync_mode: 'SYNC_MODE_PER_PARTICIPANT',
    total_time_ms: 60000,
    participants: Array.from({ length: count }, (_, i) => ({ participant_id: randomUUID(), participant_index: i, total_time_ms: 60000 })),
    metadata: { fields: { table: { stringValue: 't1' } } },
  };
}

function summary(result) {
  if (result.code !== 0) return { code: result.code, details: result.details };
  const state = result.reply.state ?? result.reply;
  return {
    code: 0,
    status: state.status ?? null,
    version: state.version ?? null,
    active: state.active_participant_id ?? null,
    hasCycleStartedAt: state.cycle_started_at_ms !== undefined && state.cycle_started_at_ms !== null,
    hasCompletedAt: state.session_completed_at_ms !== undefined && state.session_completed_at_ms !== null,
    anyActive: (state.participants ?? []).some((p) => p.is_active === true),
  };
}

const scenarios = {
  async lifecycle() {
    const create = newSession();
    const id = create.session_id;
    const results = {};
    results.create = summary(await call(client, 'CreateSession', create));
    results.start = summary(await call(client, 'StartSession', { session_id: id }));
    results.switch = summary(await call(client, 'SwitchCycle', { session_id: id, expected_active_participant_id: create.participants[0].participant_id }));
    results.get = summary(await call(client, 'GetSession', { session_id: id }));
    results.pause = summary(await call(client, 'PauseSession', { session_id: id }));
    results.resume = summary(await call(client, 'ResumeSession', { session_id: id }));
    results.complete = summary(await call(client, 'CompleteSession', { session_id: id }));
    results.delete = (await call(client, 'DeleteSession', { session_id: id })).code;
    results.getDeleted = summary(await call(client, 'GetSession', { session_id: id }));
    const time = await call(client, 'GetServerTime', {});
    results.time = { code: time.code, timestampMs: time.reply.timestamp_ms, serverVersion: time.reply.server_version, localMs: Date.now() };
    results.participants = create.participants.map((p) => p.participant_id);
    return results;
  },

  async errors() {
    const create = newSession();
    const id = create.session_id;
    const invalid = { ...newSession(), total_time_ms: 5 };
    const results = {};
    results.validation = await call(client, 'CreateSession', invalid);
    results.notFound = await call(client, 'GetSession', { session_id: randomUUID() });
    await call(client, 'CreateSession', create);
    results.alreadyExists = await call(client, 'CreateSession', create);
    results.invalidTransition = await call(client, 'PauseSession', { session_id: id });
    await call(client, 'StartSession', { session_id: id });
    results.notActive = await call(client, 'SwitchCycle', { session_id: id, expected_active_participant_id: create.participants[1].participant_id });
    return results;
  },

  async watch() {
    const create = newSession(3);
    const id = create.session_id;
    await call(client, 'CreateSession', create);
    const events = [];
    const stream = client.WatchSession({ session_id: id });
    const ended = new Promise((resolve) => {
      stream.on('error', (err) => resolve({ code: err.code, details: err.details }));
      stream.on('status', (status) => { if (status.code === 0) resolve({ code: 0 }); });
    });
    const snapshot = new Promise((resolve) => {
      stream.on('data', (event) => {
        events.push({ type: event.type, version: event.state?.version ?? null, active: event.state?.active_participant_id ?? null });
        if (events.length === 1) resolve();
      });
    });
    await snapshot;
    // Another client drives the session while this one watches.
    await call(other, 'StartSession', { session_id: id });
    await call(other, 'SwitchCycle', { session_id: id });
    await call(other, 'SwitchCycle', { session_id: id });
    await call(other, 'DeleteSession', { session_id: id });
    const end = await ended;
    return { events, end, participants: create.participants.map((p) => p.participant_id) };
  },

  async watchMissing() {
    return new Promise((resolve) => {
      const stream = client.WatchSession({ session_id: randomUUID() });
      stream.on('data', () => {});
      stream.on('error', (err) => resolve({ code: err.code, details: err.details }));
      stream.on('status', (status) => { if (status.code === 0) resolve({ code: 0 }); });
    });
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}`);
  process.exit(2);
}

const result = await run();
console.log(JSON.stringify(result));
client.close();
other.close();
