// SPDX-License-Identifier: MIT
// The image's ENTRYPOINT + CMD, ENV and HEALTHCHECK, run outside Docker (no engine here) against
// the built backend laid out as in the image (/app/backend -> <tmp>/app/backend, /data -> <tmp>/data).
// Proves: the node starts verified, the health check passes, nothing under the root filesystem is
// written (read-only friendly), and a modified backend is refused. Needs `npm run build` first
// (CI runs it before the tests); skipped with a message when dist/backend is absent.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envOf, execForm, loadDockerfile } from './dockerfile-model.js';
import { REPO_ROOT } from './workflow-model.js';

const BUILT_BACKEND = path.join(REPO_ROOT, 'dist', 'backend');
const built = existsSync(path.join(BUILT_BACKEND, 'backend-manifest.json'));
// `npm test` builds before it runs the tests; a missing build is an error, never a silent skip.
if (!built) throw new Error('dist/backend is not built: run `npm run build` first (npm test does)');

const runtime = loadDockerfile().runtime;

// Local-only Reticulum config: no AutoInterface on the LAN, no shared instance, so parallel test
// nodes never meet each other or a real rnsd on this machine.
const LOCAL_ONLY_RETICULUM = '[reticulum]\nshare_instance = No\n\n[interfaces]\n';

let root: string;
let child: ChildProcess | undefined;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'strand-image-'));
  cpSync(BUILT_BACKEND, path.join(root, 'app', 'backend'), { recursive: true });
  mkdirSync(path.join(root, 'data'));
  mkdirSync(path.join(root, 'data', 'reticulum'));
  writeFileSync(path.join(root, 'data', 'reticulum', 'config'), LOCAL_ONLY_RETICULUM);
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
  }
  child = undefined;
  rmSync(root, { recursive: true, force: true });
});

/** An image path mapped into the temp root: /app/x -> <root>/app/x, /data -> <root>/data. */
function inRoot(p: string): string {
  return p.startsWith('/app/') || p === '/data' || p.startsWith('/data/') ? path.join(root, p) : p;
}

/** The image's environment, mapped into the temp root, on an ephemeral loopback port. */
function imageEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(envOf(runtime)).map(([k, v]) => [k, inRoot(v)]));
  return { ...env, STRAND_HOST: '127.0.0.1', STRAND_PORT: '0', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'data') };
}

/** ENTRYPOINT + CMD exactly as Docker joins them, with image paths mapped. */
function entrypointCommand(): string[] {
  return [...execForm(runtime, 'ENTRYPOINT'), ...execForm(runtime, 'CMD')].map(inRoot);
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${st.mode}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

/** Starts the entrypoint and resolves with the port once it listens, or with the exit code. */
function start(): Promise<{ port: number; output: () => string } | { exitCode: number | null; output: string }> {
  const [cmd, ...args] = entrypointCommand();
  const proc = spawn(cmd as string, args, { cwd: path.join(root, 'data'), env: imageEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let output = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve({ port: Number(m[1]), output: () => output });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (exitCode) => resolve({ exitCode, output }));
  });
}

function healthcheck(port: number): number | null {
  const [cmd, ...args] = execForm(runtime, 'HEALTHCHECK');
  return spawnSync(cmd as string, args, { env: { ...imageEnv(), STRAND_PORT: String(port) }, timeout: 15_000 }).status;
}

describe('Docker entrypoint, run outside Docker', () => {
  it('starts verified, passes its health check, writes nothing outside /data, stops on SIGTERM', async () => {
    const before = snapshot(path.join(root, 'app'));
    const started = await start();
    if (!('port' in started)) throw new Error(`entrypoint exited (${String(started.exitCode)}):\n${started.output}`);
    expect(started.output()).toMatch(/backend verified: \d+ files match backend-manifest\.json/);
    expect(started.output()).toContain(`(data dir ${path.join(root, 'data')})`);
    expect(healthcheck(started.port)).toBe(0);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(snapshot(path.join(root, 'app'))).toEqual(before);
  });

  it('health check fails when nothing answers', async () => {
    const started = await start();
    if (!('port' in started)) throw new Error(started.output);
    const port = started.port;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await exited;
    expect(healthcheck(port)).toBe(1);
  });

  it('refuses to start when a backend file was modified', async () => {
    appendFileSync(path.join(root, 'app', 'backend', 'strand.js'), '\n// tampered\n');
    const started = await start();
    expect('exitCode' in started && started.exitCode !== 0).toBe(true);
    expect('exitCode' in started ? started.output : '').toMatch(/refusing to start: backend integrity check failed/);
  });

  it('refuses to start when an unlisted file was added to the backend', async () => {
    appendFileSync(path.join(root, 'app', 'backend', 'extra.js'), 'console.log(1)\n');
    const started = await start();
    expect('exitCode' in started && started.exitCode !== 0).toBe(true);
    expect('exitCode' in started ? started.output : '').toContain('extra.js');
  });
});
