// SPDX-License-Identifier: MIT
// Node startup to ready: spawn the built node, wait until it answers /api/v1/status.
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { referenceStartup } from '../reference/runner.js';
import { seed } from './api.js';

const ENTRY = path.resolve(import.meta.dirname, '..', '..', 'dist', 'backend', 'strand.js');

function rssOf(pid: number | undefined): number {
  // /proc is Linux-only; elsewhere memory is reported as NaN rather than guessed.
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Spawns the built node on a free port; resolves with the child and its URL once it listens. */
async function spawnNode(dataDir: string): Promise<{ child: ChildProcessByStdio<null, Readable, null>; url: string }> {
  const child = spawn(process.execPath, [ENTRY, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  return { child, url };
}

/**
 * Resident memory of a node holding 100 000 stored messages: idle after start, then after the
 * owner opened the conversation list, a conversation and a full-text search (SQLite page cache,
 * JSON of the answers).
 */
async function memoryWithMessages(): Promise<{ idleMb: number; usedMb: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-bench-mem-'));
  seed(dataDir, 100_000, 500);
  const { child, url } = await spawnNode(dataDir);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = rssOf(child.pid);
    const headers = { 'Content-Type': 'application/json', 'X-Strand-CSRF': '1', Origin: url };
    const token = readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim();
    const setup = await fetch(`${url}/api/v1/auth/setup`, { method: 'POST', headers, body: JSON.stringify({ setupToken: token, password: 'bench memory horse battery' }) });
    const cookie = (setup.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const auth = { ...headers, Cookie: cookie };
    for (const p of ['/api/v1/conversations?limit=50', `/api/v1/conversations/${'0'.repeat(32)}/messages?limit=50`, '/api/v1/search?q=harbour&limit=50']) {
      const r = await fetch(`${url}${p}`, { headers: auth });
      if (!r.ok) throw new Error(`bench: ${p} answered ${r.status}`);
    }
    return { idleMb, usedMb: rssOf(child.pid) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startOnce(dataDir: string): Promise<{ readyMs: number; rssMb: number }> {
  const t0 = performance.now();
  const { child, url } = await spawnNode(dataDir);
  await fetch(`${url}/api/v1/status`);
  const readyMs = performance.now() - t0;
  const rssMb = rssOf(child.pid);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rssMb };
}

export const startupScenario: Scenario = {
  id: 'startup',
  description: 'node startup to ready (built backend) and idle resident memory',
  async run(): Promise<Measurement[]> {
    if (!existsSync(ENTRY)) throw new Error('run `npm run build` first: dist/backend/strand.js is missing');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-bench-'));
    try {
      const runs = [];
      for (let i = 0; i < 5; i++) runs.push(await startOnce(dataDir));
      const ready = percentiles(runs.map((r) => r.readyMs));
      const rss = percentiles(runs.map((r) => r.rssMb));
      // Reference: RNS.Reticulum() + LXMRouter ready (bench/reference/startup.py); it has no HTTP
      // API or manifest check, so it does less work than the Strand node measured here.
      const ref = await referenceStartup(5);
      const memory = await memoryWithMessages();
      return [
        { name: 'startup to ready (median of 5)', value: ready.median, unit: 'ms', better: 'lower', ...(ref ? { reference: ref.readyMs } : {}) },
        { name: 'resident memory idle (median of 5)', value: rss.median, unit: 'MB', better: 'lower', ...(ref ? { reference: ref.rssMb } : {}) },
        { name: 'resident memory idle, 100 000 messages stored', value: memory.idleMb, unit: 'MB', better: 'lower' },
        { name: 'resident memory after list, thread and search, 100 000 messages', value: memory.usedMb, unit: 'MB', better: 'lower' },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
