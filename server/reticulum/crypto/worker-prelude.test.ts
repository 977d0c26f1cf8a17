// SPDX-License-Identifier: MIT
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { hkdf, sha256 } from './hash.js';
import { buildWorkerSource } from './worker-prelude.js';

function runWorker(body: string, data: unknown): Promise<unknown> {
  const worker = new Worker(buildWorkerSource(body), { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => { void worker.terminate(); resolve(m); });
    worker.once('error', reject);
  });
}

describe('worker crypto prelude', () => {
  it('gives an eval\'d worker the same SHA-256 and HKDF as the crypto door', async () => {
    const ikm = new Uint8Array(32).fill(7);
    const salt = new Uint8Array(32).fill(9);
    const reply = (await runWorker(String.raw`
      const { parentPort, workerData } = require('node:worker_threads');
      const h = cryptoSha256().update(workerData.ikm);
      const mid = h.copy().update(workerData.salt).digest();
      const r = cryptoRandomFill(new Uint8Array(16));
      parentPort.postMessage({
        sha: new Uint8Array(h.digest()), mid: new Uint8Array(mid),
        okm: cryptoHkdfSha256(workerData.ikm, workerData.salt, 256), randLen: r.length,
      });
    `, { ikm, salt })) as { sha: Uint8Array; mid: Uint8Array; okm: Uint8Array; randLen: number };
    expect(Buffer.from(reply.sha)).toEqual(Buffer.from(sha256(ikm)));
    const both = new Uint8Array(64); both.set(ikm); both.set(salt, 32);
    expect(Buffer.from(reply.mid)).toEqual(Buffer.from(sha256(both)));
    expect(Buffer.from(reply.okm)).toEqual(Buffer.from(hkdf({ length: 256, deriveFrom: ikm, salt })));
    expect(reply.randLen).toBe(16);
  });

  it('refuses a worker body that reaches node:crypto itself', () => {
    expect(() => buildWorkerSource("const c = require('node:crypto');")).toThrow(expect.objectContaining({ code: 'RNS_ERR_WORKER_CRYPTO' }));
    expect(() => buildWorkerSource('const c = require("crypto");')).toThrow(expect.objectContaining({ code: 'RNS_ERR_WORKER_CRYPTO' }));
  });
});
