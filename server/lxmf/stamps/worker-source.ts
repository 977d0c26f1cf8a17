// SPDX-License-Identifier: MIT
// Source of the stamp worker thread, as a string run with `new Worker(source, { eval: true })`.
//
// Why a string: the backend ships as one esbuild ESM bundle (dist/backend/strand.js). A worker
// file next to this module would not exist in the bundle, and re-running the whole bundle in a
// worker would start the CLI again. A self-contained string works the same from source (vitest,
// tsx) and from the bundle, with nothing for the build to know.
//
// LAYER NOTE: the worker cannot import server/reticulum/crypto (no module graph inside an eval'd
// worker), so its crypto comes as source text from there: buildWorkerSource() prepends the prelude
// of server/reticulum/crypto/worker-prelude.ts (cryptoSha256 with copy() for the midstate over
// the workblock, cryptoHkdfSha256 as RFC 5869, cryptoRandomFill) and refuses a body that reaches
// node:crypto itself. Nothing secret passes through it: stamps are public proof-of-work.
//
// Protocol (parent ⇄ worker), one job at a time per worker:
//   → { type: 'generate', id, material, expandRounds, cost, stop, workblock, done, part, parts, candidates? }
//   → { type: 'validate', id, material, expandRounds, cost, stamp, stop, workblock, done, part, parts }
//   ← { type: 'found', id, stamp, rounds, value } | { type: 'stopped', id, rounds }
//   ← { type: 'validated', id, valid, value } | { type: 'error', id, message }
// `stop[0] !== 0` ends a search (checked every 256 candidates); the first worker to find a stamp
// sets it itself so its siblings stop too. The workblock is built once, in parallel: worker
// `part` of `parts` fills its share of rounds into the shared `workblock` buffer, counts itself
// in `done` and waits until every part is in, so a search costs one workblock, not one per worker.
import { buildWorkerSource } from '../../reticulum/crypto/index.js';

export const STAMP_WORKER_SOURCE = buildWorkerSource(String.raw`
const { parentPort } = require('node:worker_threads');

function msgpackUint(n) {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0xcc, n]);
  if (n < 0x10000) return Buffer.from([0xcd, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5); b[0] = 0xce; b.writeUInt32BE(n, 1); return b;
}

// Fills this worker's share of the rounds, then waits for the others (null when stopped meanwhile).
function sharedWorkblock(job) {
  const wb = new Uint8Array(job.workblock);
  const material = Buffer.from(job.material);
  const per = Math.ceil(job.expandRounds / job.parts);
  const end = Math.min(job.expandRounds, (job.part + 1) * per);
  for (let n = job.part * per; n < end; n++) {
    const salt = cryptoSha256().update(material).update(msgpackUint(n)).digest();
    wb.set(cryptoHkdfSha256(material, salt, 256), n * 256);
  }
  Atomics.add(job.done, 0, 1);
  Atomics.notify(job.done, 0);
  for (;;) {
    const d = Atomics.load(job.done, 0);
    if (d >= job.parts) return wb;
    if (job.stop && Atomics.load(job.stop, 0) !== 0) return null;
    Atomics.wait(job.done, 0, d, 50);
  }
}

function leadingZeroBits(d) {
  let bits = 0;
  for (let i = 0; i < d.length; i++) {
    const b = d[i];
    if (b === 0) { bits += 8; continue; }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

// int_be(d) <= 2^(256 - cost)
function meets(d, cost) {
  const z = leadingZeroBits(d);
  if (z >= cost) return true;
  if (z !== cost - 1) return false;
  let ones = 0;
  for (let i = 0; i < d.length; i++) for (let v = d[i]; v; v &= v - 1) ones++;
  return ones === 1;
}

function generate(job) {
  const stop = job.stop;
  const wb = sharedWorkblock(job);
  if (wb === null) return { type: 'stopped', id: job.id, rounds: 0 };
  const base = cryptoSha256().update(wb);
  if (job.candidates) {
    for (let i = 0; i < job.candidates.length; i++) {
      const c = Buffer.from(job.candidates[i]);
      const d = base.copy().update(c).digest();
      if (meets(d, job.cost)) return { type: 'found', id: job.id, stamp: new Uint8Array(c), rounds: i, value: leadingZeroBits(d) };
    }
    return { type: 'stopped', id: job.id, rounds: job.candidates.length };
  }
  const BATCH = 256;
  const pool = new Uint8Array(32 * BATCH);
  let rounds = 0;
  for (;;) {
    if (Atomics.load(stop, 0) !== 0) return { type: 'stopped', id: job.id, rounds };
    cryptoRandomFill(pool);
    for (let i = 0; i < BATCH; i++) {
      const c = pool.subarray(i * 32, i * 32 + 32);
      const d = base.copy().update(c).digest();
      if (meets(d, job.cost)) {
        if (Atomics.compareExchange(stop, 0, 0, 1) !== 0) return { type: 'stopped', id: job.id, rounds };
        return { type: 'found', id: job.id, stamp: c.slice(), rounds: rounds + i, value: leadingZeroBits(d) };
      }
    }
    rounds += BATCH;
  }
}

function validate(job) {
  const wb = sharedWorkblock(job);
  if (wb === null) return { type: 'stopped', id: job.id, rounds: 0 };
  const d = cryptoSha256().update(wb).update(job.stamp).digest();
  const valid = meets(d, job.cost);
  return { type: 'validated', id: job.id, valid, value: leadingZeroBits(d) };
}

parentPort.on('message', (job) => {
  let reply;
  try {
    reply = job.type === 'validate' ? validate(job) : generate(job);
  } catch (e) {
    reply = { type: 'error', id: job.id, message: String(e && e.message || e) };
  }
  parentPort.postMessage(reply);
});
`);
