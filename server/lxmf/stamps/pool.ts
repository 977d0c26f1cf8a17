// SPDX-License-Identifier: MIT
// Stamp generation and validation off the event loop (LXMF/LXStamper.py :: generate_stamp,
// job_linux; protocol §11.8). A workblock costs 0.1–0.3 s of CPU and a cost-16 search ~65 000
// SHA-256 candidates, which would stall every link and socket if done on the main thread.
//
// One job runs at a time (as the reference's deferred-stamp queue): a search fans out to every
// worker with a shared stop flag; the first hit wins and stops the others. Workers are created on
// first use, kept for the next job, and unref'd while idle so they never hold the process open.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WORKBLOCK_EXPAND_ROUNDS } from '../constants.js';
import { LxmfArgumentError, LxmfStampError } from '../errors.js';
import { checkCost } from './workblock.js';
import { STAMP_WORKER_SOURCE } from './worker-source.js';

/** A generated stamp. */
export interface GeneratedStamp {
  stamp: Uint8Array;
  /** Leading zero bits actually reached (≥ the cost asked for). */
  value: number;
  /** Candidates tried by the winning worker before the hit. */
  rounds: number;
}

/** Options of {@link StampWorkerPool.generate}. */
export interface GenerateOptions {
  /** WORKBLOCK_EXPAND_ROUNDS (3000, message), _PN (1000) or _PEERING (25). Default 3000. */
  expandRounds?: number;
  signal?: AbortSignal;
  /**
   * Test hook reproducing LXStamper.job_simple: try these candidates in order on one worker and
   * return the first valid one; fails with LXMF_ERR_STAMP_EXHAUSTED when none is.
   */
  candidates?: Uint8Array[];
}

/** Options of {@link StampWorkerPool}. */
export interface StampWorkerPoolOptions {
  /** Worker threads for a search. Default: available parallelism, capped at 8. */
  workers?: number;
}

type Reply =
  | { type: 'found'; id: number; stamp: Uint8Array; rounds: number; value: number }
  | { type: 'stopped'; id: number; rounds: number }
  | { type: 'validated'; id: number; valid: boolean; value: number }
  | { type: 'error'; id: number; message: string };

interface Slot {
  worker: Worker;
  busy: boolean;
  onReply: ((reply: Reply) => void) | null;
  onFail: ((error: Error) => void) | null;
}

/**
 * Runs stamp work in worker threads. `stop()` terminates them; pending jobs fail with
 * `LXMF_ERR_STAMP_STOPPED`.
 */
export class StampWorkerPool {
  private readonly size: number;
  private slots: Slot[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stopped = false;

  constructor(opts: StampWorkerPoolOptions = {}) {
    const size = opts.workers ?? Math.min(8, Math.max(1, availableParallelism()));
    if (!Number.isInteger(size) || size < 1) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'workers must be a positive integer');
    this.size = size;
  }

  /** Worker threads a search fans out to. */
  get workerCount(): number {
    return this.size;
  }

  /**
   * Finds a stamp for `material` with at least `cost` leading zero bits.
   * @throws LxmfStampError `LXMF_ERR_STAMP_CANCELLED` (signal), `LXMF_ERR_STAMP_STOPPED`,
   *   `LXMF_ERR_STAMP_WORKER` (a worker failed), `LXMF_ERR_STAMP_EXHAUSTED` (candidates hook);
   *   LxmfArgumentError for a bad cost or material.
   */
  generate(material: Uint8Array, cost: number, opts: GenerateOptions = {}): Promise<GeneratedStamp> {
    checkCost(cost);
    const expandRounds = checkJob(material, opts.expandRounds);
    return this.enqueue(opts.signal, () => this.search(material, cost, expandRounds, opts));
  }

  /**
   * Validates `stamp` for `material` against `cost` in a worker (LXStamper.stamp_valid + stamp_value).
   * `value` is the leading zero bits whether or not the stamp is valid.
   */
  validate(material: Uint8Array, stamp: Uint8Array, cost: number, opts: { expandRounds?: number; signal?: AbortSignal } = {}): Promise<{ valid: boolean; value: number }> {
    checkCost(cost);
    const expandRounds = checkJob(material, opts.expandRounds);
    return this.enqueue(opts.signal, async () => {
      // Every worker builds a share of the workblock; each then hashes the stamp (a 1 ms step).
      const slots = this.slotsReady();
      const shared = sharedWorkblock(expandRounds, slots.length);
      const id = this.nextId++;
      const settled = await Promise.allSettled(slots.map((slot, part) => stopOnFailure(this.run(slot, { type: 'validate', id, material, expandRounds, cost, stamp, ...shared, part }), shared.stop)));
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      const reply = (settled[0] as PromiseFulfilledResult<Reply>).value;
      if (reply.type !== 'validated') throw new LxmfStampError('LXMF_ERR_STAMP_WORKER', 'unexpected worker reply');
      return { valid: reply.valid, value: reply.value };
    });
  }

  /** Terminates the workers. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    const slots = this.slots;
    this.slots = [];
    for (const slot of slots) slot.onFail?.(new LxmfStampError('LXMF_ERR_STAMP_STOPPED', 'stamp workers stopped'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private enqueue<T>(signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.stopped) throw new LxmfStampError('LXMF_ERR_STAMP_STOPPED', 'stamp workers stopped');
      if (signal?.aborted) throw cancelled(signal);
      return job();
    };
    const result = this.queue.then(run, run);
    // The queue only orders jobs; a failed job must not fail the next one.
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async search(material: Uint8Array, cost: number, expandRounds: number, opts: GenerateOptions): Promise<GeneratedStamp> {
    const slots = opts.candidates ? this.slotsReady().slice(0, 1) : this.slotsReady();
    const shared = sharedWorkblock(expandRounds, slots.length);
    const { stop } = shared;
    const id = this.nextId++;
    const onAbort = (): void => void Atomics.store(stop, 0, 1);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const extra = opts.candidates ? { candidates: opts.candidates } : {};
      const replies = slots.map((slot, part) => stopOnFailure(this.run(slot, { type: 'generate', id, material, expandRounds, cost, ...shared, part, ...extra }), stop));
      // Every worker answers (found or stopped) once the flag is set, so waiting for all keeps
      // the next job from racing a sibling that is still finishing this one.
      const settled = await Promise.allSettled(replies);
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) throw failure.reason;
      for (const s of settled) {
        const reply = (s as PromiseFulfilledResult<Reply>).value;
        if (reply.type === 'found') return { stamp: reply.stamp, value: reply.value, rounds: reply.rounds };
      }
      if (opts.signal?.aborted) throw cancelled(opts.signal);
      if (opts.candidates) throw new LxmfStampError('LXMF_ERR_STAMP_EXHAUSTED', 'no candidate meets the cost');
      throw new LxmfStampError('LXMF_ERR_STAMP_STOPPED', 'stamp search stopped');
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private slotsReady(): Slot[] {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    return this.slots;
  }

  private spawn(): Slot {
    const worker = new Worker(STAMP_WORKER_SOURCE, { eval: true, name: 'strand-stamp' });
    worker.unref();
    const slot: Slot = { worker, busy: false, onReply: null, onFail: null };
    worker.on('message', (reply: Reply) => slot.onReply?.(reply));
    const fail = (error: Error): void => {
      // A dead worker is dropped; the next job spawns a fresh one.
      this.slots = this.slots.filter((s) => s !== slot);
      slot.onFail?.(new LxmfStampError('LXMF_ERR_STAMP_WORKER', `stamp worker failed: ${error.message}`, { cause: error }));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (slot.busy) fail(new Error(`exited with code ${code}`));
    });
    return slot;
  }

  private run(slot: Slot, message: Record<string, unknown> & { id: number }): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      slot.busy = true;
      slot.worker.ref(); // a pending stamp keeps the process alive, an idle pool does not
      const done = (): void => {
        slot.busy = false;
        slot.onReply = null;
        slot.onFail = null;
        slot.worker.unref();
      };
      slot.onReply = (reply) => {
        if (reply.id !== message.id) return; // a straggler of an earlier, failed job
        done();
        if (reply.type === 'error') reject(new LxmfStampError('LXMF_ERR_STAMP_WORKER', `stamp worker error: ${reply.message}`));
        else resolve(reply);
      };
      slot.onFail = (error) => {
        done();
        reject(error);
      };
      slot.worker.postMessage(message);
    });
  }
}

/** The buffers through which `parts` workers build one workblock together (see worker-source.ts). */
function sharedWorkblock(expandRounds: number, parts: number): { workblock: SharedArrayBuffer; done: Int32Array; stop: Int32Array; parts: number } {
  return {
    workblock: new SharedArrayBuffer(expandRounds * 256),
    done: new Int32Array(new SharedArrayBuffer(4)),
    stop: new Int32Array(new SharedArrayBuffer(4)),
    parts,
  };
}

// A worker that dies never reaches the workblock barrier; raising the stop flag releases its siblings.
function stopOnFailure<T>(reply: Promise<T>, stop: Int32Array): Promise<T> {
  return reply.catch((error: unknown) => {
    Atomics.store(stop, 0, 1);
    throw error;
  });
}

function checkJob(material: Uint8Array, expandRounds: number | undefined): number {
  if (!(material instanceof Uint8Array) || material.length === 0) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'stamp material must be non-empty bytes');
  const rounds = expandRounds ?? WORKBLOCK_EXPAND_ROUNDS;
  if (!Number.isSafeInteger(rounds) || rounds < 1 || rounds > 100_000) throw new LxmfArgumentError('LXMF_ERR_BAD_ARGUMENT', 'expand rounds must be 1..100000');
  return rounds;
}

function cancelled(signal: AbortSignal): LxmfStampError {
  return new LxmfStampError('LXMF_ERR_STAMP_CANCELLED', 'stamp generation cancelled', { cause: signal.reason });
}
