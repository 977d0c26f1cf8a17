// SPDX-License-Identifier: MIT
// The receiving node of the `announce` scenario, run as its own process (as the reference runner
// runs RNS), so the ingestion does not share a heap with the bench harness, its pre-generated
// flood and the scenarios run before. One line protocol on stdin/stdout:
//   "expect <n>"  starts a fresh Transport with a TCP server on 127.0.0.1 (ingress control off)
//                 and prints "port <port>"; once <n> announces were validated it prints
//                 "done <n>" and stops that Transport.
//   "stop"        prints "done <count so far>" and stops it (the harness gave up waiting).
// It exits when stdin closes.
import { createInterface } from 'node:readline';
import { KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPServerInterface } from '../../server/reticulum/interfaces/index.js';
import { Transport } from '../../server/reticulum/transport/index.js';

let current: { transport: Transport; count: number; finish(): void } | null = null;

async function expect(n: number): Promise<void> {
  const server = new TCPServerInterface({ name: 'bench announce', listenIp: '127.0.0.1', listenPort: 0 });
  const transport = new Transport({ knownIdentities: new KnownIdentities() }, { interfaces: [server], ingressControl: false });
  await transport.start();
  const run = {
    transport,
    count: 0,
    finish: () => {
      if (current !== run) return;
      current = null;
      process.stdout.write(`done ${run.count}\n`);
      void transport.stop();
    },
  };
  current = run;
  transport.registerAnnounceHandler({
    aspectFilter: null,
    onAnnounce: () => {
      if (++run.count === n) run.finish();
    },
  });
  process.stdout.write(`port ${server.port}\n`);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(' ');
  if (command === 'expect') void expect(Number(arg));
  if (command === 'stop') current?.finish();
});
lines.on('close', () => {
  void (current?.transport.stop() ?? Promise.resolve()).then(() => process.exit(0));
});
