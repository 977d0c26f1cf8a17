// SPDX-License-Identifier: MIT
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Identity, RatchetRing } from '../reticulum/identity/index.js';
import { deliveryRatchetsPath, loadDeliveryRatchets, saveDeliveryRatchets } from './delivery-ratchets.js';

const dir = mkdtempSync(path.join(tmpdir(), 'strand-ratchets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('delivery ratchets on disk', () => {
  it('keeps the announced ratchet across a restart, in a 0600 file', async () => {
    const identity = Identity.generate();
    const file = deliveryRatchetsPath(path.join(dir, 'delivery'));
    const warnings: string[] = [];
    const ring = await loadDeliveryRatchets(file, identity, (m) => warnings.push(m));
    expect(ring.size).toBe(0);
    ring.rotate(1_800_000_000);
    await saveDeliveryRatchets(file, ring, identity);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadDeliveryRatchets(file, identity, (m) => warnings.push(m));
    expect(again.currentPublic()).toEqual(ring.currentPublic());
    expect(warnings).toEqual([]);
  });

  it('starts new ratchets, with a warning, when the file was not signed by this identity or is garbage', async () => {
    const file = path.join(dir, 'other.ratchets');
    const ring = new RatchetRing();
    ring.rotate(1_800_000_000);
    await saveDeliveryRatchets(file, ring, Identity.generate());
    const warnings: string[] = [];
    expect((await loadDeliveryRatchets(file, Identity.generate(), (m) => warnings.push(m))).size).toBe(0);
    writeFileSync(file, 'garbage');
    expect((await loadDeliveryRatchets(file, Identity.generate(), (m) => warnings.push(m))).size).toBe(0);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/signature/);
  });
});
