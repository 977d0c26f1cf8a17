// SPDX-License-Identifier: MIT
// Runs a child process to completion without blocking the event loop. The benchmarks used
// spawnSync for the Python runners; that freezes the loop for the whole child run, so anything the
// same loop must serve meanwhile (an async-spawned server whose stdout pipe fills up, an
// in-process TCP peer, scenario timers) stalls, and a child that waits on it never ends.
import { spawn } from 'node:child_process';

export interface ChildResult {
  /** Exit code; null when killed (timeout) or the spawn failed. */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: Uint8Array;
  timeoutMs: number;
}

/** Spawns `command args`, collects stdout/stderr, kills the child with SIGKILL after `timeoutMs`. */
export function runChild(command: string, args: string[], options: RunChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    let spawnError = '';
    child.once('error', (e) => (spawnError = e.message));
    if (options.input && child.stdin) {
      // EPIPE when the child exits before reading everything; its exit status reports the failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + spawnError });
    });
  });
}
