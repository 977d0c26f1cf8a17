// SPDX-License-Identifier: MIT
// Ed25519 verification on worker threads, for floods (thousands of announces read in a few
// socket chunks). node:crypto's asynchronous verify moves only the signature check off the event
// loop: importing each new public key (~45 µs) and dispatching the job (~40 µs) stay on it, which
// capped ingestion well below the machine's verify rate. Here the event loop only packs raw bytes
// into one message per batch; the workers import, verify and answer with one byte per signature.
//
// Fails safe: a worker that dies or errs has its batch checked on the event loop instead (nothing
// is lost and nothing is accepted unchecked), and the pool then stops using workers. stop()
// answers what is still pending with false. Workers are created on first use and unref'd while
// idle, so an idle pool never holds the process open.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildWorkerSource } from './worker-prelude.js';
import { ed25519Verify } from './functions.js';

const WORKER_BODY = String.raw`
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, buffer }) => {
  const u8 = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const results = [];
  for (let o = 0; o < u8.length; ) {
    const length = view.getUint32(o);
    o += 4;
    const pub = u8.subarray(o, o + 32);
    const sig = u8.subarray(o + 32, o + 96);
    const msg = u8.subarray(o + 96, o + 96 + length);
    o += 96 + length;
    results.push(cryptoEd25519Verify(pub, sig, msg) ? 1 : 0);
  }
  const out = Uint8Array.from(results);
  parentPort.postMessage({ id, results: out }, [out.buffer]);
});
`;
const SOURCE = buildWorkerSource(WORKER_BODY);

interface Job {
  pub: Uint8Array;
  sig: Uint8Array;
  msg: Uint8Array;
  resolve: (ok: boolean) => void;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not answered, oldest first. */
  inFlight: Map<number, Job[]>;
}

export interface VerifyPoolOptions {
  /** Worker threads. Default: available parallelism, at most 2 (the event loop needs a core too). */
  workers?: number;
  /**
   * Idle milliseconds after which the workers are ended (default 30 s): floods come in bursts
   * (connecting to a busy hub), and a small node should not keep two threads' memory between them.
   */
  idleMs?: number;
}

export class Ed25519VerifyPool {
  private readonly size: number;
  private slots: Slot[] = [];
  private next = 0;
  private batch: Job[] = [];
  private flushQueued = false;
  private batchId = 0;
  private broken = false;

  private readonly idleMs: number;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(opts: VerifyPoolOptions = {}) {
    this.size = Math.max(1, opts.workers ?? Math.min(2, availableParallelism()));
    this.idleMs = opts.idleMs ?? 30_000;
  }

  /** Worker threads currently running (0 while idle). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Resolves true iff `sig` is a valid Ed25519 signature of `msg` by `pub` (never rejects). */
  verify(pub: Uint8Array, sig: Uint8Array, msg: Uint8Array): Promise<boolean> {
    if (this.broken) return Promise.resolve(inline(pub, sig, msg));
    return new Promise<boolean>((resolve) => {
      this.batch.push({ pub, sig, msg, resolve });
      if (!this.flushQueued) {
        this.flushQueued = true;
        // Everything asked for in this turn of the event loop leaves as one message.
        queueMicrotask(() => this.flush());
      }
    });
  }

  /**
   * Terminates the workers (the next verify() starts new ones). Verifications still pending
   * resolve false: their owner is shutting down and drops them, and nothing is ever accepted
   * unchecked.
   */
  async stop(): Promise<void> {
    this.clearIdle();
    const slots = this.slots;
    this.slots = [];
    for (const slot of slots) {
      for (const jobs of slot.inFlight.values()) for (const j of jobs) j.resolve(false);
      slot.inFlight.clear();
    }
    for (const j of this.batch.splice(0)) j.resolve(false);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private flush(): void {
    this.flushQueued = false;
    const jobs = this.batch;
    this.batch = [];
    if (jobs.length === 0) return;
    if (this.broken) {
      for (const j of jobs) j.resolve(inline(j.pub, j.sig, j.msg));
      return;
    }
    // Split the batch over the workers so each core gets a share of one socket read.
    const slots = this.ready();
    const per = Math.ceil(jobs.length / slots.length);
    for (let start = 0; start < jobs.length; start += per) {
      const slot = slots[this.next++ % slots.length] as Slot;
      this.post(slot, jobs.slice(start, start + per));
    }
  }

  private post(slot: Slot, jobs: Job[]): void {
    let bytes = 0;
    for (const j of jobs) bytes += 4 + 96 + j.msg.length;
    const buffer = new ArrayBuffer(bytes);
    const u8 = new Uint8Array(buffer);
    const view = new DataView(buffer);
    let o = 0;
    for (const j of jobs) {
      view.setUint32(o, j.msg.length);
      // Wrong sizes are sent as zeros: the worker then answers false, as verify() would.
      if (j.pub.length === 32) u8.set(j.pub, o + 4);
      if (j.sig.length === 64) u8.set(j.sig, o + 36);
      u8.set(j.msg, o + 100);
      o += 100 + j.msg.length;
    }
    const id = ++this.batchId;
    this.clearIdle();
    slot.inFlight.set(id, jobs);
    slot.worker.ref(); // pending checks keep the process alive, an idle pool does not
    slot.worker.postMessage({ id, buffer }, [buffer]);
  }

  private ready(): Slot[] {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    return this.slots;
  }

  private spawn(): Slot {
    const worker = new Worker(SOURCE, { eval: true, name: 'strand-verify' });
    worker.unref();
    const slot: Slot = { worker, inFlight: new Map() };
    worker.on('message', ({ id, results }: { id: number; results: Uint8Array }) => {
      const jobs = slot.inFlight.get(id);
      if (!jobs) return;
      slot.inFlight.delete(id);
      if (slot.inFlight.size === 0) worker.unref();
      if (this.slots.every((s) => s.inFlight.size === 0)) this.armIdle();
      // Wrong-sized (sizes disagree with jobs) answers are not trusted: check those here.
      jobs.forEach((j, i) => j.resolve(results.length === jobs.length ? results[i] === 1 && j.pub.length === 32 && j.sig.length === 64 : inline(j.pub, j.sig, j.msg)));
    });
    const fail = (): void => {
      this.broken = true;
      this.slots = this.slots.filter((s) => s !== slot);
      this.rescue(slot);
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      // stop() empties inFlight before terminating: only an unexpected exit leaves work here.
      if (slot.inFlight.size > 0) fail();
    });
    return slot;
  }

  private armIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      // Any new batch clears this timer, so nothing is pending here; check anyway, and only end
      // the threads (the next verify() starts new ones).
      if (this.batch.length > 0 || this.slots.some((slot) => slot.inFlight.size > 0)) return;
      const idle = this.slots;
      this.slots = [];
      for (const slot of idle) void slot.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Checks a dead or stopped worker's outstanding batches on the event loop. */
  private rescue(slot: Slot): void {
    for (const jobs of slot.inFlight.values()) for (const j of jobs) j.resolve(inline(j.pub, j.sig, j.msg));
    slot.inFlight.clear();
  }
}

function inline(pub: Uint8Array, sig: Uint8Array, msg: Uint8Array): boolean {
  try {
    return ed25519Verify(pub, sig, msg);
  } catch (err) {
    void err; // a key OpenSSL refuses verifies nothing
    return false;
  }
}
