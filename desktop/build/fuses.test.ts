// SPDX-License-Identifier: MIT
// Flips the fuses on a fake Electron binary and reads them back with @electron/fuses. @electron/fuses
// finds the wire by a sentinel string; after it come the wire version (1), the wire length and one
// byte per fuse ('0' off, '1' on, 'r' removed). A fake file with that layout is what it patches in
// a real binary, so the same code path runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import { FUSE_DISABLED, FUSE_ENABLED, STRAND_FUSES, afterPackFlipFuses, electronBinaryPath, flipStrandFuses } from './fuses.js';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const dir = mkdtempSync(path.join(tmpdir(), 'strand-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake binary whose fuse wire has Electron's shipped defaults (RunAsNode etc. on). */
function fakeBinary(file: string, wireLength = 8): string {
  const defaults = [1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0].slice(0, wireLength).map((on) => (on ? FUSE_ENABLED : FUSE_DISABLED));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF fake electron binary ...'), Buffer.from(SENTINEL), Buffer.from([1, wireLength, ...defaults]), Buffer.from('... rest of binary')]));
  return file;
}

describe('Electron fuses', () => {
  it('sets every known fuse explicitly, each to the hardened value', () => {
    expect(Object.keys(STRAND_FUSES).map(Number).sort()).toEqual(Object.values(FuseV1Options).filter((v) => typeof v === 'number').sort());
    expect(STRAND_FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(STRAND_FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(STRAND_FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(STRAND_FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(STRAND_FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(STRAND_FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('flips them in a binary and reads them back', async () => {
    const binary = fakeBinary(path.join(dir, 'linux', 'strand-desktop'));
    const before = await getCurrentFuseWire(binary);
    expect(before[FuseV1Options.RunAsNode]).toBe(FUSE_ENABLED);
    const wire = await flipStrandFuses(binary, { resetAdHocDarwinSignature: false });
    for (const [index, enabled] of Object.entries(STRAND_FUSES)) expect(wire[Number(index)], FuseV1Options[Number(index)]).toBe(enabled ? FUSE_ENABLED : FUSE_DISABLED);
    const after = await getCurrentFuseWire(binary);
    expect(after[FuseV1Options.RunAsNode]).toBe(FUSE_DISABLED);
    expect(after[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE_ENABLED);
    // Only the wire changed; the rest of the file is intact.
    expect(readFileSync(binary).toString('latin1').endsWith('... rest of binary')).toBe(true);
  });

  it('leaves fuses newer than @electron/fuses knows at their default', async () => {
    const binary = fakeBinary(path.join(dir, 'newer', 'strand-desktop'), 10);
    const wire = await flipStrandFuses(binary, { resetAdHocDarwinSignature: false });
    expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_DISABLED);
    expect(wire[9]).toBe(FUSE_DISABLED);
    expect(wire[8]).toBe(FUSE_ENABLED);
  });

  it('fails on a binary without a fuse wire', async () => {
    const file = path.join(dir, 'nofuse');
    writeFileSync(file, 'not electron');
    await expect(flipStrandFuses(file, { resetAdHocDarwinSignature: false })).rejects.toThrow(/sentinel/);
  });

  it('finds the binary electron-builder produced on each platform', () => {
    const t = { appOutDir: '/out', productFilename: 'Strand', linuxExecutableName: 'strand-desktop' };
    expect(electronBinaryPath({ ...t, platform: 'linux' })).toBe(path.join('/out', 'strand-desktop'));
    expect(electronBinaryPath({ ...t, platform: 'win32' })).toBe(path.join('/out', 'Strand.exe'));
    expect(electronBinaryPath({ ...t, platform: 'darwin' })).toBe(path.join('/out', 'Strand.app'));
    expect(() => electronBinaryPath({ ...t, platform: 'aix' })).toThrow(/unsupported/);
  });

  it('the afterPack hook flips the packaged Linux binary', async () => {
    const appOutDir = path.join(dir, 'linux-unpacked');
    const binary = fakeBinary(path.join(appOutDir, 'strand-desktop'));
    await afterPackFlipFuses({ appOutDir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Strand' } } }, 'strand-desktop');
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_DISABLED);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE_ENABLED);
  });
});
