// SPDX-License-Identifier: MIT
// The startup check of a real production build: build the backend root into a temp dir (the same
// code as `npm run build`, without the web UI), then start `strand serve` from it as a child
// process, untouched, tampered and overridden.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildBackend } from '../tools/build-backend.js';
import { checkBackendAtStartup } from './serve.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let pristine: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `strand serve`; once it listens (or exits) it is stopped with SIGTERM. */
function serve(backend: string, env: NodeJS.ProcessEnv = {}, flags: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(backend, 'strand.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', path.join(work, 'data'), ...flags], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (/listening on http/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function copyOf(name: string): Promise<string> {
  const { cpSync } = await import('node:fs');
  const dest = path.join(work, name);
  cpSync(pristine, dest, { recursive: true });
  return dest;
}

// Local-only Reticulum config: no AutoInterface on the LAN, no shared instance, so parallel test
// nodes never meet each other or a real rnsd on this machine.
const LOCAL_ONLY_RETICULUM = '[reticulum]\nshare_instance = No\n\n[interfaces]\n';

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'strand-serve-integrity-'));
  mkdirSync(path.join(work, 'data', 'reticulum'), { recursive: true });
  writeFileSync(path.join(work, 'data', 'reticulum', 'config'), LOCAL_ONLY_RETICULUM);
  pristine = path.join(work, 'backend');
  await buildBackend({ root: ROOT, outDir: pristine });
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the production backend root', () => {
  it('holds the bundle, only the runtime files of the native addons, the notices and a manifest of all of it', () => {
    const manifest = JSON.parse(readFileSync(path.join(pristine, 'backend-manifest.json'), 'utf8')) as { files: Record<string, string> };
    const files = Object.keys(manifest.files);
    expect(files).toEqual(expect.arrayContaining(['strand.js', 'THIRD_PARTY_LICENSES.txt', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/better-sqlite3/lib/index.js', 'node_modules/argon2/argon2.cjs']));
    // Build-only material (C/C++ sources, the SQLite amalgamation, object files) stays out.
    expect(files.filter((f) => /\.(c|cc|cpp|h|o|a|gyp)$|\/deps\/|\/src\/|obj\.target/.test(f))).toEqual([]);
    expect(readFileSync(path.join(pristine, 'THIRD_PARTY_LICENSES.txt'), 'utf8')).toMatch(/^express@\d+\.\d+\.\d+ \(MIT\)$/m);
  });
});

describe('strand serve startup integrity check (production build)', () => {
  it('starts a verified build and says so before listening', async () => {
    const run = await serve(await copyOf('ok'));
    expect(run.stdout).toMatch(/backend verified: \d+ files match backend-manifest.json[\s\S]*listening on/);
  });

  it('refuses to start (exit 3) when a file changed, an extra file or an escaping symlink appeared, naming them', async () => {
    const dir = await copyOf('tampered');
    appendFileSync(path.join(dir, 'strand.js'), '\n// patched\n');
    writeFileSync(path.join(dir, 'extra.js'), 'x');
    symlinkSync('/etc/hostname', path.join(dir, 'node_modules', 'escape'));
    const run = await serve(dir);
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/listening/);
    expect(run.stderr).toContain('refusing to start');
    expect(run.stderr).toContain('changed: strand.js');
    expect(run.stderr).toContain('extra: extra.js');
    expect(run.stderr).toContain('symlink-escape: node_modules/escape');
  });

  it('refuses to start a build whose manifest is missing', async () => {
    const dir = await copyOf('nomanifest');
    unlinkSync(path.join(dir, 'backend-manifest.json'));
    const run = await serve(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('manifest-missing: backend-manifest.json');
  });

  it('starts a modified build with the override environment variable, loudly', async () => {
    const dir = await copyOf('override');
    writeFileSync(path.join(dir, 'extra.js'), 'x');
    const run = await serve(dir, { STRAND_ALLOW_MODIFIED_BACKEND: '1' });
    expect(run.stderr).toMatch(/MODIFIED BACKEND RUNNING BY OPERATOR OVERRIDE: extra extra.js/);
    expect(run.stdout).toMatch(/listening on/);
    const withFlag = await serve(dir, {}, ['--allow-modified-backend']);
    expect(withFlag.stderr).toMatch(/OPERATOR OVERRIDE/);
    expect(withFlag.stdout).toMatch(/listening on/);
  });
});

describe('strand serve from source', () => {
  it('reports an unverified development run and does not refuse', () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
    try {
      expect(checkBackendAtStartup(false, {}).status).toBe('unverified-development');
      expect(warnings.join('\n')).toMatch(/unverified development run/);
    } finally {
      spy.mockRestore();
    }
  });
});
