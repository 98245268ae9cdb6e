// A real gRPC peer for the gateway tests: @grpc/grpc-js with @grpc/proto-loader.
// Usage: node client.mjs <host:port> <proto root> <proto file under the root> <scenario> '<json args>'
// Prints one JSON line with what the client saw; exits 0 unless the script itself broke.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const [address, protoRoot, protoFile, scenario, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}');

const definition = protoLoader.loadSync(protoFile, { includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true });
const pkg = grpc.loadPackageDefinition(definition).synckairos.test.v1;

const options = { 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 };
if (args.compress) {
  options['grpc.default_compression_algorithm'] = 2; // gzip
}
const credentials = grpc.credentials.createInsecure();
const echo = new pkg.EchoService(address, credentials, options);
const missing = new pkg.MissingService(address, credentials, options);

function errorResult(err) {
  const bin = err.metadata?.get('grpc-status-details-bin') ?? [];
  return {
    code: err.code,
    details: err.details,
    detailsBin: bin.length > 0 ? Buffer.from(bin[0]).toString('base64') : null,
  };
}

function unary(client, method, request, metadata = new grpc.Metadata(), callOptions = {}) {
  return new Promise((resolve) => {
    client[method](request, metadata, callOptions, (err, reply) => {
      resolve(err ? errorResult(err) : { code: 0, reply });
    });
  });
}

const scenarios = {
  async unary() {
    const metadata = new grpc.Metadata();
    if (args.user) metadata.set('x-user', args.user);
    if (args.trace) metadata.set('x-trace-bin', Buffer.from(args.trace, 'base64'));
    const payload = Buffer.alloc(args.payloadBytes ?? 0, 7);
    const result = await unary(echo, 'Echo', { text: args.text ?? '', payload }, metadata);
    if (result.reply) {
      result.reply = {
        text: result.reply.text,
        user: result.reply.user,
        payloadBytes: result.reply.payload.length,
        trace: result.reply.has_trace ? Buffer.from(result.reply.trace).toString('base64') : null,
      };
    }
    return result;
  },

  stream() {
    return new Promise((resolve) => {
      const indexes = [];
      const call = echo.Count({ count: args.count, hang_after: false, tag: '' });
      call.on('data', (reply) => indexes.push(reply.index));
      call.on('error', (err) => resolve({ indexes, ...errorResult(err) }));
      call.on('status', (status) => { if (status.code === 0) resolve({ indexes, code: 0 }); });
    });
  },

  error() {
    return unary(echo, 'Fail', { error_code: args.errorCode, message: args.message });
  },

  async deadline() {
    const started = Date.now();
    const result = await unary(echo, 'Hang', { tag: args.tag }, new grpc.Metadata(), { deadline: Date.now() + args.ms });
    return { ...result, elapsedMs: Date.now() - started };
  },

  cancel() {
    return new Promise((resolve) => {
      let received = 0;
      const call = echo.Count({ count: args.count, hang_after: true, tag: args.tag });
      call.on('data', () => {
        received += 1;
        if (received === args.count) call.cancel();
      });
      call.on('error', (err) => resolve({ received, ...errorResult(err) }));
      call.on('status', (status) => { if (status.code === 0) resolve({ received, code: 0 }); });
    });
  },

  unknownMethod() {
    return unary(echo, 'NotMapped', { text: 'x' });
  },

  unknownService() {
    return unary(missing, 'Ping', { text: 'x' });
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}`);
  process.exit(2);
}

const result = await run();
console.log(JSON.stringify(result));
echo.close();
missing.close();
