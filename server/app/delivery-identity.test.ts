// SPDX-License-Identifier: MIT
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, DeliveryIdentityService, deliveryIdentityPath, loadOrCreateDeliveryIdentity } from './delivery-identity.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'strand-id-'));
  dirs.push(d);
  return d;
};

describe('delivery identity', () => {
  it('base32 matches RFC 4648 and round-trips', () => {
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
    expect(new TextDecoder().decode(base32Decode('mzxw6ytboi======') ?? new Uint8Array())).toBe('foobar');
    expect(base32Decode('not base32!')).toBeNull();
  });

  it('is created once (0600), then loaded unchanged; a corrupt file is an error, not replaced', async () => {
    const file = deliveryIdentityPath(temp());
    const first = await loadOrCreateDeliveryIdentity(file);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateDeliveryIdentity(file);
    expect([again.created, again.identity.hexHash]).toEqual([false, first.identity.hexHash]);
    writeFileSync(file, 'short');
    await expect(loadOrCreateDeliveryIdentity(file)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('short');
  });

  it('exports as bytes and base32 and imports either form, keeping a backup', async () => {
    const fileA = deliveryIdentityPath(temp());
    const fileB = deliveryIdentityPath(temp());
    const a = await loadOrCreateDeliveryIdentity(fileA);
    await loadOrCreateDeliveryIdentity(fileB);
    const exported = await new DeliveryIdentityService(fileA).export();
    expect(exported.bytes.length).toBe(64);
    expect(exported.identityHash).toBe(a.identity.hexHash);
    const svc = new DeliveryIdentityService(fileB);
    expect(await svc.import(exported.base32)).toEqual({ identityHash: a.identity.hexHash });
    expect((await loadOrCreateDeliveryIdentity(fileB)).identity.hexHash).toBe(a.identity.hexHash);
    expect(statSync(`${fileB}.bak`).size).toBe(64);
    expect(await svc.import(exported.bytes)).toEqual({ identityHash: a.identity.hexHash });
    await expect(svc.import('AAAA')).rejects.toMatchObject({ code: 'IDENTITY_INVALID' });
    await expect(svc.import(new Uint8Array(10))).rejects.toMatchObject({ code: 'IDENTITY_INVALID' });
  });
});
