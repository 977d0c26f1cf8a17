// SPDX-License-Identifier: MIT
// Drives our Python helper scripts (bench/reference/*.py) that time a workload on the Python
// reference. Every function resolves to null when RNS_REFERENCE_PATH is unset or the run fails, so
// a scenario's `reference` column is simply left empty.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { runChild } from './exec.js';
import { percentiles, referencePython, referencePythonPath, referenceScript } from '../harness.js';

function warn(what: string, error: unknown): null {
  process.stderr.write(`${what}: reference run failed, continuing without it: ${error instanceof Error ? error.message : String(error)}\n`);
  return null;
}

/** What the link scenarios run, on both stacks: links to time, then transfers per resource size. */
export interface LinkWorkload {
  links: number;
  sizes: number[];
  /** Timed transfers per size after one untimed one. */
  repeats: number;
  /** Untimed links opened first. */
  warmupLinks: number;
  /** Untimed transfers before the warm figures (0: none). */
  warmTransfers: number;
}

export interface ReferenceLinkNumbers {
  linkMedianMs: number;
  linkP90Ms: number;
  /** MB/s by resource size in bytes. */
  resourceMbps: Record<string, number>;
  /** The same after more untimed transfers (see the link scenario's warm figures). */
  resourceMbpsWarm: Record<string, number>;
}

/**
 * Runs `script server` and then `script client <port> <hash> ...clientArgs` (two reference processes,
 * RNS being a per-process singleton) and returns the client's last stdout line, parsed. `route`
 * gives the port the client connects to instead of the server's (a proxy in front of it).
 */
async function serverAndClient<T>(scriptName: string, clientArgs: string[], clientTimeoutMs: number, route?: (serverPort: number) => Promise<number>): Promise<T> {
  const pythonPath = referencePythonPath() as string;
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-bench-rns-'));
  const env = { ...process.env, PYTHONPATH: pythonPath };
  const script = referenceScript(scriptName);
  const server = spawn(referencePython(), [script, 'server', path.join(dir, 'server')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.resume(); // drained, never read: a full pipe would block the server
  const exited = new Promise<void>((resolve) => {
    server.once('exit', () => resolve());
    server.once('error', () => resolve());
  });
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
      createInterface({ input: server.stdout }).on('line', (line) => {
        if (!line.startsWith('READY ')) return;
        clearTimeout(timer);
        resolve(line);
      });
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const [, serverPort, hash] = ready.split(' ');
    const port = route ? String(await route(Number(serverPort))) : serverPort;
    // Async: the server's stdout/stderr pipes must keep draining while the client runs, or a
    // chatty server blocks on a full pipe and the client waits on it forever.
    const client = await runChild(referencePython(), [script, 'client', path.join(dir, 'client'), port ?? '', hash ?? '', ...clientArgs], { env, timeoutMs: clientTimeoutMs });
    if (client.status !== 0) throw new Error(`client: ${client.stderr.slice(-500)}`);
    return JSON.parse(client.stdout.trim().split('\n').pop() ?? '{}') as T;
  } finally {
    server.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Link establishment and resource throughput between two reference nodes (link_resource.py),
 * the client connecting through `route` when given (see serverAndClient).
 */
export async function referenceLinks(w: LinkWorkload, route?: (serverPort: number) => Promise<number>): Promise<ReferenceLinkNumbers | null> {
  if (!referencePythonPath()) return null;
  try {
    const out = await serverAndClient<{ link_ms: number[]; resource_mbps: Record<string, number>; resource_mbps_warm?: Record<string, number> }>(
      'link_resource.py',
      [String(w.links), w.sizes.join(','), String(w.repeats), String(w.warmupLinks), String(w.warmTransfers)],
      900_000,
      route,
    );
    const { median, p90 } = percentiles(out.link_ms);
    return { linkMedianMs: median, linkP90Ms: p90, resourceMbps: out.resource_mbps, resourceMbpsWarm: out.resource_mbps_warm ?? {} };
  } catch (error) {
    return warn('link', error);
  }
}

export interface ReferenceLxmfNumbers {
  /** By method: messages/s of a burst (delivered ones), how many failed, one-at-a-time latencies (ms). */
  [method: string]: { rate: number; failed: number; latency_ms: number[] };
}

/** LXMRouter delivery between two reference nodes (lxmf_router.py): same workload as lxmf-router. */
export async function referenceLxmfRouter(count: number, samples: number): Promise<ReferenceLxmfNumbers | null> {
  if (!referencePythonPath()) return null;
  try {
    return await serverAndClient<ReferenceLxmfNumbers>('lxmf_router.py', [String(count), String(samples)], 1_800_000);
  } catch (error) {
    return warn('lxmf-router', error);
  }
}

export interface ReferenceStartupNumbers {
  readyMs: number;
  rssMb: number;
}

/**
 * Startup of a reference node (startup.py): process spawn → RNS.Reticulum() with one TCP server
 * interface and an LXMRouter with a registered delivery identity are ready. Median of `runs`.
 */
export async function referenceStartup(runs: number): Promise<ReferenceStartupNumbers | null> {
  const pythonPath = referencePythonPath();
  if (!pythonPath) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-bench-rns-'));
  try {
    const ready: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < runs; i++) {
      const child = spawn(referencePython(), [referenceScript('startup.py'), dir], { env: { ...process.env, PYTHONPATH: pythonPath }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr.resume(); // drained, never read: a full pipe would block the child
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.once('error', () => resolve());
      });
      const t0 = performance.now();
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no READY within 60 s')), 60_000);
          createInterface({ input: child.stdout }).on('line', (line) => {
            if (line !== 'READY') return;
            ready.push(performance.now() - t0);
            clearTimeout(timer);
            resolve();
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
        });
        // Read while the process still idles after READY, as startup.ts does for Strand.
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        rss.push(kb / 1024);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    }
    return { readyMs: percentiles(ready).median, rssMb: percentiles(rss).median };
  } catch (error) {
    return warn('startup', error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
