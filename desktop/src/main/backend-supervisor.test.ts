// SPDX-License-Identifier: MIT
// The supervisor against real child processes: a tiny Node script that behaves like `strand serve`
// (prints the listening line, answers /api/v1/status on a real loopback socket) or misbehaves.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { backendArgs, backendEnv, createBackendSupervisor } from './backend-supervisor.js';
import type { BackendSupervisor, SupervisorOptions } from './backend-supervisor.js';
import { nodeChildSpawner } from './node-child.js';

const FAKE_BACKEND = `
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
const args = process.argv.slice(2);
const dataDir = args[args.indexOf('--data-dir') + 1];
fs.mkdirSync(dataDir, { recursive: true });
const counter = path.join(dataDir, 'runs');
const runs = (fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0) + 1;
fs.writeFileSync(counter, String(runs));
fs.writeFileSync(path.join(dataDir, 'pid'), String(process.pid));
fs.writeFileSync(path.join(dataDir, 'args.json'), JSON.stringify(args));
const mode = process.env.FAKE_MODE;
console.log('starting run ' + runs);
console.error('warning: fake backend');
if (mode === 'crash' || (mode === 'crash-first' && runs <= 2)) { console.log('fatal: boom ' + runs); process.exit(3); }
if (mode === 'never-ready') { setInterval(() => {}, 1000); }
else {
  const server = http.createServer((req, res) => {
    if (req.url !== '/api/v1/status') { res.statusCode = 404; res.end(); return; }
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
    if (mode === 'die-after-ready' && runs === 1) setTimeout(() => process.exit(7), 20);
  });
  server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
  process.on('SIGTERM', () => {
    if (mode === 'ignore-sigterm') { console.log('ignoring SIGTERM'); return; }
    console.log('stopping cleanly');
    server.close(() => process.exit(0));
  });
}
`;

const dir = mkdtempSync(path.join(tmpdir(), 'strand-supervisor-'));
const script = path.join(dir, 'fake-backend.mjs');
writeFileSync(script, FAKE_BACKEND);
let n = 0;
const running: BackendSupervisor[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function supervisor(mode: string, extra: Partial<SupervisorOptions> = {}): { sup: BackendSupervisor; dataDir: string } {
  const dataDir = path.join(dir, `data-${++n}`);
  const env = backendEnv({ ...process.env, FAKE_MODE: mode });
  const sup = createBackendSupervisor({ spawn: nodeChildSpawner(script, env), dataDir, backoffMs: [10, 10, 10], ...extra });
  running.push(sup);
  return { sup, dataDir };
}

const runs = (dataDir: string): number => Number(readFileSync(path.join(dataDir, 'runs'), 'utf8'));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    void error; // ESRCH: the process is gone
    return false;
  }
};

describe('backend supervisor', () => {
  it('starts the backend on loopback with the data dir, waits for readiness and stops it cleanly', async () => {
    const { sup, dataDir } = supervisor('ok');
    const origin = await sup.start();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sup.state).toBe('running');
    expect(JSON.parse(readFileSync(path.join(dataDir, 'args.json'), 'utf8'))).toEqual(backendArgs(dataDir));
    expect((await fetch(`${origin}/api/v1/status`)).status).toBe(200);
    const pid = Number(readFileSync(path.join(dataDir, 'pid'), 'utf8'));
    await sup.stop();
    expect(sup.state).toBe('stopped');
    expect(sup.lastLines()).toContain('stopping cleanly');
    expect(sup.lastLines()).toContain('! warning: fake backend');
    expect(alive(pid)).toBe(false);
    await expect(fetch(`${origin}/api/v1/status`)).rejects.toThrow();
  });

  it('restarts with backoff when the backend dies during start, then runs', async () => {
    const { sup, dataDir } = supervisor('crash-first');
    await sup.start();
    expect(runs(dataDir)).toBe(3);
    expect(sup.state).toBe('running');
  });

  it('gives up into the crash state with the last log lines when the backend keeps dying', async () => {
    const crashes: { reason: string; lines: string[] }[] = [];
    const { sup, dataDir } = supervisor('crash', { backoffMs: [10, 10], onCrash: (reason, lines) => crashes.push({ reason, lines }) });
    await expect(sup.start()).rejects.toMatchObject({ code: 'DESKTOP_ERR_BACKEND_NOT_READY' });
    expect(runs(dataDir)).toBe(3);
    expect(sup.state).toBe('crashed');
    expect(crashes).toHaveLength(1);
    expect(crashes[0]?.reason).toContain('code 3');
    expect(crashes[0]?.lines).toContain('fatal: boom 3');
  });

  it('restarts a backend that dies after it was ready', async () => {
    const origins: string[] = [];
    let second!: () => void;
    const restarted = new Promise<void>((resolve) => (second = resolve));
    const { sup, dataDir } = supervisor('die-after-ready', {
      onReady: (o) => {
        origins.push(o);
        if (origins.length === 2) second();
      },
    });
    await sup.start();
    await restarted;
    expect(runs(dataDir)).toBe(2);
    expect(sup.state).toBe('running');
    expect(sup.origin).toBe(origins[1]);
  });

  it('times out a backend that never becomes ready and kills it', async () => {
    const { sup, dataDir } = supervisor('never-ready', { readyTimeoutMs: 2_500, backoffMs: [] });
    await expect(sup.start()).rejects.toThrow(/did not become ready/);
    expect(sup.state).toBe('crashed');
    const pid = Number(readFileSync(path.join(dataDir, 'pid'), 'utf8'));
    await sup.stop();
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });

  it('kills a backend that ignores the stop request', async () => {
    const { sup, dataDir } = supervisor('ignore-sigterm', { stopTimeoutMs: 300 });
    await sup.start();
    const pid = Number(readFileSync(path.join(dataDir, 'pid'), 'utf8'));
    await sup.stop();
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
    expect(sup.lastLines()).toContain('ignoring SIGTERM');
  });

  it('can be restarted from the crash state (tray "Restart node")', async () => {
    const { sup, dataDir } = supervisor('crash-first', { backoffMs: [10] });
    await expect(sup.start()).rejects.toThrow();
    expect(sup.state).toBe('crashed');
    await sup.restart();
    expect(sup.state).toBe('running');
    expect(existsSync(path.join(dataDir, 'runs'))).toBe(true);
    expect(runs(dataDir)).toBe(3);
  });
});

describe('backend environment', () => {
  it('drops variables that would change what runs or where it listens', () => {
    const env = backendEnv({ PATH: '/usr/bin', NODE_OPTIONS: '--require /tmp/x.js', ELECTRON_RUN_AS_NODE: '1', STRAND_ALLOW_MODIFIED_BACKEND: '1', STRAND_HOST: '0.0.0.0', strand_port: '80', HOME: '/home/u', EMPTY: undefined });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u' });
  });
});
