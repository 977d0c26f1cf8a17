// SPDX-License-Identifier: MIT
// A client for a bridge child process, used by the tests (and by Strand ↔ Strand scenario tests):
// spawns `strand conformance-bridge` from source, waits for READY and matches answers by id.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Answer } from './bridge.js';

const ENTRY = path.join(import.meta.dirname, '..', 'strand.ts');
const PYTHON_BRIDGE = path.join(import.meta.dirname, 'reference', 'lxmf_bridge.py');

/** What a bridge process is: Strand's (from source) or the Python reference's LXMF bridge. */
export type BridgeKind = 'strand' | 'reference';

/** Reference paths from the environment, or null when the reference is not available here. */
export function referencePaths(env: NodeJS.ProcessEnv = process.env): { rns: string; lxmf: string } | null {
  const rns = env.RNS_REFERENCE_PATH;
  const lxmf = env.LXMF_REFERENCE_PATH;
  return rns && lxmf ? { rns, lxmf } : null;
}

export class BridgeClient {
  private readonly pending = new Map<string, (a: Answer) => void>();
  private readonly unmatched: Answer[] = [];
  private next = 0;
  private stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-8192);
    });
  }

  /** Spawns a bridge (Strand's through tsx by default) and resolves once it printed READY. */
  static async start(kind: BridgeKind = 'strand'): Promise<BridgeClient> {
    const child = kind === 'strand' ? spawn(process.execPath, ['--import', 'tsx', ENTRY, 'conformance-bridge'], { stdio: ['pipe', 'pipe', 'pipe'] }) : spawnReference();
    const client = new BridgeClient(child);
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      lines.on('line', (line) => {
        if (!ready) {
          if (line !== 'READY') return reject(new Error(`expected READY, got ${line}`));
          ready = true;
          return resolve();
        }
        client.onAnswer(JSON.parse(line) as Answer);
      });
      child.once('exit', (code) => reject(new Error(`bridge exited (${code}) before READY: ${client.stderr}`)));
    });
    return client;
  }

  private onAnswer(answer: Answer): void {
    const waiter = typeof answer.id === 'string' ? this.pending.get(answer.id) : undefined;
    if (waiter && typeof answer.id === 'string') {
      this.pending.delete(answer.id);
      waiter(answer);
    } else {
      this.unmatched.push(answer);
    }
  }

  /** Sends one request and resolves with its answer. */
  request(command: string, params?: unknown): Promise<Answer> {
    const id = `req-${++this.next}`;
    const answer = new Promise<Answer>((resolve) => this.pending.set(id, resolve));
    this.child.stdin.write(`${JSON.stringify({ id, command, params })}\n`);
    return answer;
  }

  /** Sends one request and returns its result. @throws when the bridge answers success:false. */
  async call(command: string, params?: unknown): Promise<Record<string, unknown>> {
    const answer = await this.request(command, params);
    if (!answer.success) throw new Error(`${command} failed: ${answer.error}`);
    return answer.result;
  }

  /** Writes raw bytes (malformed requests in tests). */
  writeRaw(data: string | Buffer): void {
    this.child.stdin.write(data);
  }

  /** Resolves with the next answer that matched no pending request (e.g. id null). */
  async nextUnmatched(): Promise<Answer> {
    for (;;) {
      const a = this.unmatched.shift();
      if (a) return a;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Closes stdin (EOF) and resolves with the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}

function spawnReference(): ChildProcessWithoutNullStreams {
  const paths = referencePaths();
  if (!paths) throw new Error('the reference bridge needs RNS_REFERENCE_PATH and LXMF_REFERENCE_PATH');
  const python = process.env.STRAND_REFERENCE_PYTHON ?? '/usr/bin/python3';
  return spawn(python, [PYTHON_BRIDGE], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONPATH: `${paths.rns}:${paths.lxmf}` } });
}
