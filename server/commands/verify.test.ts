// SPDX-License-Identifier: MIT
// `strand verify` end to end through the CLI dispatcher, on the real fixtures in integrity/fixtures.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../cli.js';

const FIX = path.resolve(import.meta.dirname, '..', '..', 'integrity', 'fixtures');
const f = (rel: string) => path.join(FIX, rel);

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('strand verify', () => {
  it('exits 0 and prints PASS for a genuine key-based bundle', async () => {
    expect(await runCli(['verify', f('cosign/blob.txt'), '--bundle', f('cosign/blob.txt.sigstore.json'), '--key', f('cosign/cosign.pub')])).toBe(0);
    expect(out[0]).toMatch(/^PASS\s+cosign signature \(key-based\)/);
  });

  it('exits 1 and names the reason for the wrong key', async () => {
    expect(await runCli(['verify', f('cosign/blob.txt'), '--bundle', f('cosign/blob.txt.sig'), '--key', f('cosign/other-cosign.pub')])).toBe(1);
    expect(out[0]).toMatch(/^FAIL .*\[VERIFY_ERR_SIGNATURE\]$/);
  });

  it('exits non-zero when a check is only unverifiable', async () => {
    const code = await runCli(['verify', f('cosign/blob.txt'), '--provenance', f('slsa-generic/v2.0.0-binary-linux-amd64-push-v14.intoto.jsonl'), '--source-uri', 'github.com/slsa-framework/example-package', '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out.join('\n')) as { ok: boolean; checks: Array<{ outcome: string; code: string }> };
    expect(json.ok).toBe(false);
    expect(json.checks).toEqual([expect.objectContaining({ outcome: 'unverifiable', code: 'VERIFY_ERR_OFFLINE_UNVERIFIABLE' })]);
  });

  it('checks provenance, tag and SHA256SUMS together; exit 0 only when all pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-verify-'));
    try {
      const tgz = f('npm-attestations/gundam-visor-cli-v1-tag.tgz');
      const { createHash } = await import('node:crypto');
      const { readFileSync } = await import('node:fs');
      const sha = createHash('sha256').update(readFileSync(tgz)).digest('hex');
      writeFileSync(path.join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  other.tgz\n${sha}  gundam-visor-cli-v1-tag.tgz\n`);
      const args = ['verify', tgz, '--provenance', f('npm-attestations/gundam-visor-cli-v1-tag.tgz.json'), '--source-uri', 'github.com/ramonpetgrave64/gundam-visor', '--sha256sums', path.join(dir, 'SHA256SUMS')];
      expect(await runCli([...args, '--source-tag', 'v1.0.1'])).toBe(0);
      expect(out.filter((l) => l.startsWith('PASS'))).toHaveLength(3);
      out = [];
      expect(await runCli([...args, '--source-tag', 'v1.0.0'])).toBe(1);
      expect(out.join('\n')).toContain('[VERIFY_ERR_SOURCE_TAG]');
      writeFileSync(path.join(dir, 'SHA256SUMS'), `${'1'.repeat(64)}  gundam-visor-cli-v1-tag.tgz\n`);
      out = [];
      expect(await runCli([...args, '--source-tag', 'v1.0.1'])).toBe(1);
      expect(out.join('\n')).toContain('[VERIFY_ERR_SHA256SUMS]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is a usage error (exit 2) with nothing to check or no artifact', async () => {
    expect(await runCli(['verify', f('cosign/blob.txt')])).toBe(2);
    expect(await runCli(['verify'])).toBe(2);
    expect(await runCli(['verify', f('cosign/blob.txt'), '--bogus'])).toBe(2);
  });

  it('fails provenance without --source-uri and a missing artifact file', async () => {
    expect(await runCli(['verify', f('cosign/blob.txt'), '--provenance', f('slsa-generic/v2.1.0-binary-linux-amd64-push-v14.intoto.jsonl')])).toBe(1);
    expect(out.join('\n')).toContain('VERIFY_ERR_POLICY_MISSING');
    expect(await runCli(['verify', f('nope.bin'), '--sha256sums', f('slsa-generic/ARTIFACTS.sha256')])).toBe(1);
    expect(out.join('\n')).toContain('VERIFY_ERR_INPUT');
  });
});
