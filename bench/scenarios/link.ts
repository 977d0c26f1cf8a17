// SPDX-License-Identifier: MIT
// Links and resources between two Strand nodes over TCP loopback (127.0.0.1, port 0): link
// establishment latency (request sent → initiator ACTIVE, median and p90 over 200 links) and
// resource throughput for 1 MiB and 16 MiB of random data (advertise → proof, compression off
// because random data never compresses and the bz2 attempt would dominate the figure). Throughput
// is the median of several transfers after an untimed one, on both sides: a node moves many
// resources in its life, and the first one mostly measures V8 compiling the code path.
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Identity } from '../../server/reticulum/identity/index.js';
import { KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPClientInterface } from '../../server/reticulum/interfaces/tcp-client.js';
import { Transport } from '../../server/reticulum/transport/index.js';
import { randomBytes } from '../../server/reticulum/crypto/index.js';
import type { Link } from '../../server/reticulum/link/link.js';
import { openLink } from '../../server/reticulum/link/transport-adapter.js';
import { ResourceStatus } from '../../server/reticulum/resource/constants.js';
import { referenceLinks } from '../reference/runner.js';

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * The receiver runs in its own process (link-peer.ts), as the reference runner's server does: the
 * two ends of a transfer never share one event loop or one core.
 */
async function nodes() {
  const peer = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'link-peer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: peer.stdout }).once('line', resolve);
    peer.once('exit', (code) => reject(new Error(`bench: link peer exited (${code}) before listening`)));
  });
  const { port, destination } = JSON.parse(first) as { port: number; destination: string };
  const destHash = Uint8Array.from(Buffer.from(destination, 'hex'));
  const client = new TCPClientInterface({ name: 'bench C', targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 50 });
  const known = new KnownIdentities();
  const c = new Transport({ knownIdentities: known }, { interfaces: [client] });
  await c.start();
  await waitFor(() => client.online, 5000, 'tcp connect');
  await new Promise((r) => setTimeout(r, 100));
  peer.stdin.write('announce\n');
  await waitFor(() => c.hasPath(destHash), 5000, 'announce');
  const target = { hash: destHash, identity: known.recall(destHash) as Identity };
  const stop = async () => {
    await c.stop();
    const exited = new Promise((r) => peer.once('close', r));
    peer.stdin.end();
    await exited;
  };
  return { c, peer: target, stop };
}

/** Opens a link and resolves when the initiator is ACTIVE (no polling, so latency is exact). */
function establish(c: Transport, peer: Parameters<typeof openLink>[1]): Promise<Link> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench: link establishment timed out')), 5000);
    openLink(c, peer, { callbacks: { established: (l) => (clearTimeout(timer), resolve(l)) } });
  });
}

async function throughput(c: Transport, peer: Parameters<typeof openLink>[1], size: number): Promise<number> {
  const link = await establish(c, peer);
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

/** Timed transfers per size (after one untimed transfer); the median is reported. */
const RESOURCE_REPEATS = 5;

async function steadyThroughput(c: Transport, peer: Parameters<typeof openLink>[1], size: number): Promise<number> {
  await throughput(c, peer, size);
  const rates: number[] = [];
  for (let i = 0; i < RESOURCE_REPEATS; i++) rates.push(await throughput(c, peer, size));
  return percentiles(rates).median;
}

export const linkScenario: Scenario = {
  id: 'link',
  description: 'Reticulum links and resources between two Strand nodes over TCP loopback',
  async run(): Promise<Measurement[]> {
    const { c, peer, stop } = await nodes();
    try {
      const samples: number[] = [];
      for (let i = 0; i < 200; i++) {
        const start = process.hrtime.bigint();
        const link = await establish(c, peer);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        link.teardown();
      }
      const { median, p90 } = percentiles(samples);
      const oneMiB = await steadyThroughput(c, peer, 1024 * 1024);
      const sixteenMiB = await steadyThroughput(c, peer, 16 * 1024 * 1024);
      const note = 'two Strand nodes (two processes), TCP loopback, link MTU 8192';
      const resourceNote = `${note}, random data, no compression, median of ${RESOURCE_REPEATS} after 1 untimed`;
      // Same workload between two Python reference nodes (bench/reference/link_resource.py).
      const ref = await referenceLinks(200, [1024 * 1024, 16 * 1024 * 1024], RESOURCE_REPEATS);
      const r = (v: number | undefined) => (v === undefined ? {} : { reference: v });
      return [
        { name: 'link establishment median', value: median, unit: 'ms', better: 'lower', note, ...r(ref?.linkMedianMs) },
        { name: 'link establishment p90', value: p90, unit: 'ms', better: 'lower', note, ...r(ref?.linkP90Ms) },
        { name: 'resource 1 MiB', value: oneMiB, unit: 'MB/s', better: 'higher', note: resourceNote, ...r(ref?.resourceMbps[String(1024 * 1024)]) },
        { name: 'resource 16 MiB', value: sixteenMiB, unit: 'MB/s', better: 'higher', note: resourceNote, ...r(ref?.resourceMbps[String(16 * 1024 * 1024)]) },
      ];
    } finally {
      await stop();
    }
  },
};
