// SPDX-License-Identifier: MIT
// Runs the real `strand` entry point in a child process (through tsx, from source).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = path.join(import.meta.dirname, 'strand.ts');
const TSX = ['--import', 'tsx'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-cli-'));
// Local-only Reticulum config: no AutoInterface on the LAN, no shared instance, so parallel test
// nodes never meet each other or a real rnsd on this machine.
const LOCAL_ONLY_RETICULUM = '[reticulum]\nshare_instance = No\n\n[interfaces]\n';
mkdirSync(path.join(dataDir, 'reticulum'));
writeFileSync(path.join(dataDir, 'reticulum', 'config'), LOCAL_ONLY_RETICULUM);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function runSync(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [...TSX, ENTRY, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('strand CLI', () => {
  it('prints help listing the subcommands', () => {
    const r = runSync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: strand <command>/);
    expect(r.stdout).toMatch(/serve\s+run the node/);
  });

  it('prints serve --help with every flag and its environment variable', () => {
    const r = runSync(['serve', '--help']);
    expect(r.status).toBe(0);
    for (const s of ['--host', '--port', '--data-dir', 'STRAND_HOST', 'STRAND_PORT', 'STRAND_DATA_DIR']) expect(r.stdout).toContain(s);
  });

  it('rejects an unknown command and an unknown flag with exit code 2', () => {
    expect(runSync(['frobnicate']).status).toBe(2);
    const r = runSync(['serve', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
  });

  it('rejects an invalid port from the environment', () => {
    const r = runSync(['serve'], { STRAND_PORT: 'eighty' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/STRAND_PORT/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('serves on 127.0.0.1 and stops cleanly on %s', async (signal) => {
    const child = spawn(process.execPath, [...TSX, ENTRY, 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Strand');
    const status = (await (await fetch(`${url}/api/v1/status`)).json()) as { name: string };
    expect(status.name).toBe('strand');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(out).toMatch(/stopped/);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});
