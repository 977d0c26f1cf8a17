// SPDX-License-Identifier: MIT
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIntegrityCli } from './cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('integrity CLI', () => {
  it('writes a manifest, checks it, and names a changed file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-icli-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'a.js'), 'a');
    const out: string[] = [];
    const err: string[] = [];
    expect(runIntegrityCli(['manifest', dir, '--version', '1.0.0', '--commit', 'c0ffee'], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(runIntegrityCli(['check', dir], (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out[1]).toBe('verified: 1 files match (1.0.0 c0ffee)');
    writeFileSync(path.join(dir, 'a.js'), 'b');
    expect(runIntegrityCli(['check', dir], (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(err[0]).toContain('changed a.js');
  });

  it('is a usage error without a directory, a version or a known command', () => {
    const sink = () => undefined;
    expect(runIntegrityCli(['check'], sink, sink)).toBe(2);
    expect(runIntegrityCli(['manifest', '/tmp'], sink, sink)).toBe(2);
    expect(runIntegrityCli(['frobnicate', '/tmp'], sink, sink)).toBe(2);
    expect(runIntegrityCli(['check', '/tmp', '--bogus'], sink, sink)).toBe(2);
  });
});
