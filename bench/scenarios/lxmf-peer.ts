// SPDX-License-Identifier: MIT
// The receiving node of the `lxmf-router` scenario, run as its own process (as the reference
// runner runs its receiver): a Transport with one TCP server interface on 127.0.0.1 and an
// LXMRouter with an in-memory store. Prints one JSON line {port, destination} when listening;
// on stdin, "announce" announces the delivery destination and "count" prints {stored: n}; it
// exits when stdin closes.
import { createInterface } from 'node:readline';
import { KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPServerInterface } from '../../server/reticulum/interfaces/tcp-server.js';
import { Transport } from '../../server/reticulum/transport/index.js';
import { routerNode } from '../../server/lxmf/router/testing.js';

const server = new TCPServerInterface({ name: 'bench B', listenIp: '127.0.0.1', listenPort: 0 });
const known = new KnownIdentities();
const transport = new Transport({ knownIdentities: known }, { interfaces: [server], jobIntervalMs: 50 });
await transport.start();
const node = routerNode(transport, known);
await node.router.start();
process.stdout.write(`${JSON.stringify({ port: server.port, destination: Buffer.from(node.router.deliveryHash).toString('hex') })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = line.trim();
  if (command === 'announce') node.router.announce();
  if (command === 'count') process.stdout.write(`${JSON.stringify({ stored: node.store.inbound.size })}\n`);
});
lines.on('close', () => {
  void node.stop().then(() => process.exit(0));
});
