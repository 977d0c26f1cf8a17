// SPDX-License-Identifier: MIT
// Test helper: drives ../shared/tools/reference-node.py (the Python RNS + LXMF reference as one
// scriptable node: JSON commands on stdin, JSON events on stdout). Used by the interop tests and
// the live check; needs RNS_REFERENCE_PATH / LXMF_REFERENCE_PATH.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RNS_PATH = process.env.RNS_REFERENCE_PATH;
export const LXMF_PATH = process.env.LXMF_REFERENCE_PATH ?? (RNS_PATH ? path.join(path.dirname(RNS_PATH), 'LXMF') : undefined);
const here = path.dirname(fileURLToPath(import.meta.url));
/** The tool lives next to the repository (../shared/tools); override with STRAND_REFERENCE_NODE. */
export const TOOL = process.env.STRAND_REFERENCE_NODE ?? path.resolve(here, '..', '..', '..', '..', 'shared', 'tools', 'reference-node.py');
/** True when the reference stack and the tool are available. */
export const HAVE_REFERENCE = Boolean(RNS_PATH && LXMF_PATH && existsSync(TOOL));

export type RefEvent = Record<string, unknown> & { event: string };

/** A running reference node. */
export class ReferenceNode {
  readonly events: RefEvent[] = [];
  private readonly waiters = new Set<{ pred: (e: RefEvent) => boolean; resolve: (e: RefEvent) => void }>();
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly dir: string;
  stderr = '';

  constructor(args: string[]) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'strand-ref-'));
    this.proc = spawn('/usr/bin/python3', [TOOL, '--dir', this.dir, ...args], {
      env: { ...process.env, PYTHONPATH: `${RNS_PATH}:${LXMF_PATH}` },
    });
    let buf = '';
    this.proc.stdout.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const ev = JSON.parse(line) as RefEvent;
        this.events.push(ev);
        for (const w of [...this.waiters]) {
          if (w.pred(ev)) {
            this.waiters.delete(w);
            w.resolve(ev);
          }
        }
      }
    });
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-20_000)));
  }

  /** Sends one command. */
  cmd(command: Record<string, unknown>): void {
    this.proc.stdin.write(`${JSON.stringify(command)}\n`);
  }

  /** The first event (already seen or future) matching `pred`. */
  waitFor(pred: (e: RefEvent) => boolean, ms = 20_000, what = 'event'): Promise<RefEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (e: RefEvent) => (clearTimeout(t), resolve(e)) };
      const t = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`reference node: timed out waiting for ${what}; stderr tail:\n${this.stderr.slice(-3000)}`));
      }, ms);
      this.waiters.add(w);
    });
  }

  /** Ends the node (EOF on stdin) and removes its directory. */
  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.stdin.end();
      const kill = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A TCP port that was free a moment ago (for the Python side's --tcp-server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
