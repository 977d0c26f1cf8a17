// SPDX-License-Identifier: MIT
// `strand passwd` and `strand restore` against a real data directory (and one run through the real
// entry point, password on stdin).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ownerClient, PASSWORD, startTestNode, TEST_ARGON2 } from '../integration/harness.js';
import { setPasswordInDataDir } from './passwd.js';
import { restoreCommand } from './restore.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const ENTRY = path.join(import.meta.dirname, '..', 'strand.ts');

describe('strand passwd', () => {
  it('sets the password through the CLI entry point (stdin), replacing the setup token', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-passwd-'));
    dirs.push(dir);
    const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, 'passwd', '--data-dir', dir], { input: 'short\n', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/at least 8 characters/);
    const ok = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, 'passwd', '--data-dir', dir], { input: 'a long enough password\n', encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/password set/);
  });

  it('logs out every session of a running node and the new password works', async () => {
    const t = await startTestNode();
    try {
      const c = await ownerClient(t);
      await setPasswordInDataDir(t.dataDir, 'brand new password', TEST_ARGON2);
      expect((await c.get('/api/v1/conversations')).status).toBe(401);
      expect((await new Client(t.url).post('/api/v1/auth/login', { password: PASSWORD })).status).toBe(401);
      expect((await new Client(t.url).post('/api/v1/auth/login', { password: 'brand new password' })).status).toBe(200);
    } finally {
      await t.cleanup();
    }
  });
});

describe('strand restore', () => {
  it('refuses while the node runs, then restores a backup after it stopped', async () => {
    const t = await startTestNode();
    try {
      const c = await ownerClient(t);
      await c.request('PATCH', '/api/v1/profile', { displayName: 'Before' });
      const backup = (await c.post('/api/v1/backups')).body as { backup: { name: string } };
      await c.request('PATCH', '/api/v1/profile', { displayName: 'After' });
      // The node runs in this same process, so the pid check cannot see it; a foreign pid can.
      await t.stop();
      writeFileSync(path.join(t.dataDir, 'strand.pid'), `${process.ppid}\n`);
      expect(await restoreCommand.run(['--data-dir', t.dataDir, backup.backup.name])).toBe(1);
      rmSync(path.join(t.dataDir, 'strand.pid'));
      expect(await restoreCommand.run(['--data-dir', t.dataDir, 'missing.sqlite'])).toBe(1);
      expect(await restoreCommand.run(['--data-dir', t.dataDir, backup.backup.name])).toBe(0);
      expect(existsSync(path.join(t.dataDir, 'strand.sqlite'))).toBe(true);
      await t.restart();
      const again = new Client(t.url);
      await again.post('/api/v1/auth/login', { password: PASSWORD });
      expect((await again.get('/api/v1/profile')).body).toMatchObject({ profile: { displayName: 'Before' } });
    } finally {
      await t.cleanup();
    }
  });
});
