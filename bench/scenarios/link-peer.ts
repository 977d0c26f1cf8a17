// SPDX-License-Identifier: MIT
// The receiving node of the `link` scenario, run as its own process (as the reference runner runs
// its server): a Transport with one TCP server interface on 127.0.0.1 and a destination that
// accepts links and every resource. Prints one JSON line {port, destination} when listening,
// announces on request ("announce\n" on stdin) and exits when stdin closes.
import { createInterface } from 'node:readline';
import { Destination, DestinationType, Direction } from '../../server/reticulum/destination/index.js';
import { Identity, KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPServerInterface } from '../../server/reticulum/interfaces/tcp-server.js';
import { listenForLinks } from '../../server/reticulum/link/transport-adapter.js';
import { Transport } from '../../server/reticulum/transport/index.js';

const server = new TCPServerInterface({ name: 'bench S', listenIp: '127.0.0.1', listenPort: 0 });
const t = new Transport({ knownIdentities: new KnownIdentities() }, { interfaces: [server] });
await t.start();
const dest = new Destination({ identity: Identity.generate(), direction: Direction.IN, type: DestinationType.SINGLE, appName: 'strandbench', aspects: ['link'] });
listenForLinks(t, dest, {}, { onLink: (l) => l.setResourceStrategy('all') });
process.stdout.write(`${JSON.stringify({ port: server.port, destination: Buffer.from(dest.hash).toString('hex') })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'announce') t.announce(dest);
});
lines.on('close', () => {
  void t.stop().then(() => process.exit(0));
});
