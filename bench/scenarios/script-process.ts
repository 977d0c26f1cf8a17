// SPDX-License-Identifier: MIT
// A bench script run as its own node process (through tsx), talking one line at a time: the
// scenarios put each node of a two-node workload in its own process, as the reference runners do.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ScriptProcess {
  /** The next line the script prints; rejects if it exits first. */
  nextLine(): Promise<string>;
  /** Writes one line to the script's stdin. */
  send(line: string): void;
  /** Closes its stdin (the scripts exit then) and waits until it has exited. */
  end(): Promise<void>;
  /** Waits until it has exited on its own. */
  closed(): Promise<void>;
}

/** Starts `bench/scenarios/<name>` with `args`; its stderr goes to ours. */
export function scriptProcess(name: string, args: string[] = []): ScriptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, name), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    nextLine: () =>
      new Promise<string>((resolve, reject) => {
        const exited = (code: number | null) => reject(new Error(`bench: ${name} exited (${code}) before answering`));
        child.once('exit', exited);
        lines.once('line', (line) => {
          child.off('exit', exited);
          resolve(line);
        });
      }),
    send: (line) => void child.stdin.write(`${line}\n`),
    end: async () => {
      child.stdin.end();
      await closed;
    },
    closed: () => closed,
  };
}
