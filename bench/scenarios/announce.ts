// SPDX-License-Identifier: MIT
// Announce ingestion over TCP: N pre-generated announces for distinct destinations (half plain
// `strandbench.announce` with a short app_data, half `lxmf.delivery` with LXMF app_data) are written
// HDLC-framed in one burst over a real TCP connection into a Transport listening on 127.0.0.1; the
// figure is validated announces per second (an announce handler for every aspect counts them),
// from the first byte written to the last handler call. The receiving Transport runs in its own
// process (announce-peer.ts), as the reference runner's RNS does. The raw Ed25519 verify rate is
// measured in the same run, so the ratio shows how close ingestion is to the crypto limit.
//
// Ingress control is turned off on both sides. With it on (the default, as in the reference), an
// interface that sees more than 3 announces/s for unknown destinations in its first 2 hours holds
// them and releases one every 5 s: the flood would measure that policy (≈0.2 announces/s), not
// the ingestion pipeline. The reference gets the same setting (`ingress_control = No`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Measurement, Scenario } from '../harness.js';
import { isQuick, opsPerSecond, referencePython, referencePythonPath, referenceScript } from '../harness.js';
import { ed25519Verify } from '../../server/reticulum/crypto/index.js';
import { Destination, DestinationType, Direction } from '../../server/reticulum/destination/index.js';
import { hdlcFrame } from '../../server/reticulum/framing/index.js';
import { Identity } from '../../server/reticulum/identity/index.js';
import { encodePacket } from '../../server/reticulum/wire/index.js';
import { buildDeliveryAppData } from '../../server/lxmf/index.js';
import { scriptProcess } from './script-process.js';
import type { ScriptProcess } from './script-process.js';

const TIMEOUT_MS = 180_000;
const WARMUP = 300;

/** One buffer holding N HDLC frames, each an announce for a fresh destination. */
function makeFlood(n: number): Buffer {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const identity = Identity.generate();
    const lxmf = i % 2 === 1;
    const dest = new Destination({
      identity,
      direction: Direction.IN,
      type: DestinationType.SINGLE,
      appName: lxmf ? 'lxmf' : 'strandbench',
      aspects: lxmf ? ['delivery'] : ['announce'],
    });
    const appData = lxmf ? buildDeliveryAppData({ displayName: `Bench node ${i}`, stampCost: 8 }) : Buffer.from(`bench ${i}`);
    frames.push(hdlcFrame(encodePacket(dest.announce({ appData }))));
  }
  return Buffer.concat(frames);
}

function writeFlood(port: number, flood: Buffer): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', reject);
  }).then((socket) => {
    socket.write(flood);
    return socket;
  });
}

/**
 * Floods a fresh Transport in the announce peer process (announce-peer.ts) and times it from the
 * first byte written to the peer's "done" line, as the reference run is timed.
 */
async function strandIngest(peer: ScriptProcess, flood: Buffer, n: number): Promise<{ rate: number; count: number }> {
  const portLine = peer.nextLine();
  peer.send(`expect ${n}`);
  const port = Number((await portLine).split(' ')[1]);
  const doneLine = peer.nextLine();
  const t0 = process.hrtime.bigint();
  const socket = await writeFlood(port, flood);
  const timer = setTimeout(() => peer.send('stop'), TIMEOUT_MS);
  const count = Number((await doneLine).split(' ')[1]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearTimeout(timer);
  socket.destroy();
  return { rate: count / seconds, count };
}

interface ReferenceResult {
  rate: number;
  count: number;
  verify: number;
}

/** Runs bench/reference/announce_ingest.py and floods it the same way. */
async function referenceIngest(flood: Buffer, n: number): Promise<ReferenceResult | null> {
  const pythonPath = referencePythonPath();
  if (!pythonPath) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-bench-rns-'));
  const child = spawn(referencePython(), [referenceScript('announce_ingest.py'), dir, String(n), String(TIMEOUT_MS / 1000), 'No'], {
    env: { ...process.env, PYTHONPATH: pythonPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // A stuck reference must not stall the whole run: killing it closes stdout, which ends the loop.
  const guard = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS + 60_000);
  try {
    let t0 = 0n;
    let seconds = 0;
    let count = 0;
    let verify = Number.NaN;
    let socket: net.Socket | null = null;
    for await (const line of lines) {
      const [word, a] = line.split(' ');
      if (word === 'PORT') {
        t0 = process.hrtime.bigint();
        socket = await writeFlood(Number(a), flood);
      } else if (word === 'DONE') {
        seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        count = Number(a);
        socket?.destroy();
      } else if (word === 'VERIFY') {
        verify = Number(a);
        break;
      }
    }
    if (seconds === 0) throw new Error(`reference exited early: ${stderr}`);
    return { rate: count / seconds, count, verify };
  } catch (error) {
    process.stderr.write(`announce: reference run failed, continuing without it: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  } finally {
    clearTimeout(guard);
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

export const announceScenario: Scenario = {
  id: 'announce',
  description: 'announce ingestion over TCP (validated announces/s) vs. the raw Ed25519 verify rate',
  async run(): Promise<Measurement[]> {
    const n = isQuick() ? 1000 : 5000;
    const flood = makeFlood(n);
    const peer = scriptProcess('announce-peer.ts');
    let strand: { rate: number; count: number };
    try {
      // Warm-up on other destinations (a fresh Transport), as opsPerSecond warms up its loops: a
      // --quick run of 1 000 lasts ~0.3 s, where JIT compilation of the intake path would
      // otherwise be a large share of the figure.
      await strandIngest(peer, makeFlood(WARMUP), WARMUP);
      strand = await strandIngest(peer, flood, n);
    } finally {
      await peer.end();
    }

    const signer = Identity.generate();
    const message = new Uint8Array(150).fill(3);
    const signature = signer.sign(message);
    const publicKey = signer.publicKey.subarray(32, 64);
    if (!ed25519Verify(publicKey, signature, message)) throw new Error('bench: verify self-check failed');
    const verify = await opsPerSecond(() => ed25519Verify(publicKey, signature, message), 1000);

    const ref = await referenceIngest(flood, n);
    const note = `${n} distinct destinations (half lxmf.delivery), one TCP burst, ingress control off`;
    const incomplete = (c: number) => (c < n ? `; only ${c}/${n} arrived within ${TIMEOUT_MS / 1000} s` : '');
    return [
      { name: 'announce ingestion over TCP', value: strand.rate, unit: 'announces/s', better: 'higher', note: note + incomplete(strand.count) + (ref && ref.count < n ? `; reference: only ${ref.count}/${n} arrived` : ''), ...(ref ? { reference: ref.rate } : {}) },
      { name: 'ed25519 verify (same run)', value: verify, unit: 'ops/s', better: 'higher', note: '150-byte message, one key', ...(ref ? { reference: ref.verify } : {}) },
      {
        name: 'ingestion / verify rate',
        value: (100 * strand.rate) / verify,
        unit: '%',
        better: 'higher',
        note: 'target >= 80 %',
        ...(ref ? { reference: (100 * ref.rate) / ref.verify } : {}),
      },
    ];
  },
};
