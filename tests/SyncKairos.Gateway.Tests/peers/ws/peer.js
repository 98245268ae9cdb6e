// An outside WebSocket peer for the gateway tests, using the Node `ws` package.
// Usage: node peer.js <ws-url> [watch|big]
// Prints one line per event: "OPEN", "MSG <json>", "CLOSE <code> <reason>", "ERROR <message>".
// watch: answers CONNECTED with PING{client_time}, the PONG with RECONNECT, then just listens.
// big:   sends a 5000-byte frame (over the 4 KiB limit) right after CONNECTED.
'use strict';
const WebSocket = require('ws');

const [url, mode = 'watch'] = process.argv.slice(2);
const ws = new WebSocket(url);
const out = (line) => process.stdout.write(line + '\n');

ws.on('open', () => out('OPEN'));
ws.on('message', (data) => {
  const text = data.toString();
  out('MSG ' + text);
  const msg = JSON.parse(text);
  if (msg.type === 'CONNECTED') {
    if (mode === 'big') {
      ws.send(JSON.stringify({ type: 'PING', pad: 'x'.repeat(5000) }));
    } else {
      ws.send(JSON.stringify({ type: 'PING', client_time: 12345.5 }));
    }
  } else if (msg.type === 'PONG') {
    ws.send(JSON.stringify({ type: 'RECONNECT' }));
  }
});
ws.on('close', (code, reason) => {
  out('CLOSE ' + code + ' ' + reason.toString());
  process.exit(0);
});
ws.on('error', (err) => out('ERROR ' + err.message));
