// SPDX-License-Identifier: MIT
// The initiating node of the `link` scenario, run as its own process (as the reference runner
// runs its client), so neither end shares a heap or an event loop with the bench harness:
//   link-client.ts <port> <destination hex> <links> <sizes, comma separated> <repeats> <warmup> <warm transfers>
// connects to link-peer.ts on 127.0.0.1, resolves the path with a path request, opens <warmup>
// untimed links, then <links> timed ones one after the other (request sent → ACTIVE), then per
// size sends one untimed resource and <repeats> timed ones, then <warm transfers> more untimed
// and <repeats> timed again ("warm"), each on a fresh link (random data, no compression,
// advertise → proof).
// Prints one JSON line: {"linkMs": [...], "resourceMbps": {"<size>": [...]}, "resourceMbpsWarm": {...}}.
import { randomBytes } from '../../server/reticulum/crypto/index.js';
import type { Identity } from '../../server/reticulum/identity/index.js';
import { KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPClientInterface } from '../../server/reticulum/interfaces/tcp-client.js';
import type { Link } from '../../server/reticulum/link/link.js';
import { openLink } from '../../server/reticulum/link/transport-adapter.js';
import { ResourceStatus } from '../../server/reticulum/resource/constants.js';
import { Transport } from '../../server/reticulum/transport/index.js';

const [portArg, destinationArg, linksArg, sizesArg, repeatsArg, warmupArg, warmTransfersArg] = process.argv.slice(2);
const destHash = Uint8Array.from(Buffer.from(destinationArg ?? '', 'hex'));
const sizes = (sizesArg ?? '').split(',').filter(Boolean).map(Number);

const client = new TCPClientInterface({ name: 'bench C', targetHost: '127.0.0.1', targetPort: Number(portArg), reconnectWaitMs: 50 });
const known = new KnownIdentities();
const c = new Transport({ knownIdentities: known }, { interfaces: [client] });
await c.start();
for (const deadline = Date.now() + 5000; !client.online; await new Promise((r) => setTimeout(r, 10))) {
  if (Date.now() > deadline) throw new Error('bench: could not connect to the link peer');
}
if (!(await c.awaitPath(destHash, { timeoutMs: 10_000 }))) throw new Error('bench: no path to the link peer');
const peer = { hash: destHash, identity: known.recall(destHash) as Identity };

/** Opens a link and resolves when the initiator is ACTIVE (no polling, so latency is exact). */
function establish(): Promise<Link> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench: link establishment timed out')), 5000);
    openLink(c, peer, { callbacks: { established: (l) => (clearTimeout(timer), resolve(l)) } });
  });
}

async function throughput(size: number): Promise<number> {
  const link = await establish();
  const data = randomBytes(size);
  const start = process.hrtime.bigint();
  const status = await new Promise<number>((resolve) => {
    void link.sendResource(data, { autoCompress: false, onConcluded: (r) => resolve(r.status) });
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (status !== ResourceStatus.COMPLETE) throw new Error(`bench: resource ended in status ${status}`);
  link.teardown();
  return size / 1e6 / seconds;
}

for (let i = 0; i < Number(warmupArg ?? 0); i++) (await establish()).teardown();
const linkMs: number[] = [];
for (let i = 0; i < Number(linksArg); i++) {
  const start = process.hrtime.bigint();
  const link = await establish();
  linkMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  link.teardown();
}
async function timed(size: number): Promise<number[]> {
  const rates: number[] = [];
  for (let i = 0; i < Number(repeatsArg); i++) rates.push(await throughput(size));
  return rates;
}

const resourceMbps: Record<string, number[]> = {};
const resourceMbpsWarm: Record<string, number[]> = {};
for (const size of sizes) {
  await throughput(size);
  resourceMbps[String(size)] = await timed(size);
  const warmTransfers = Number(warmTransfersArg ?? 0);
  if (warmTransfers <= 0) continue;
  for (let i = 0; i < warmTransfers; i++) await throughput(size);
  resourceMbpsWarm[String(size)] = await timed(size);
}
process.stdout.write(`${JSON.stringify({ linkMs, resourceMbps, resourceMbpsWarm })}\n`);
await c.stop();
process.exit(0);
