// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempDb } from '../test-support/temp-db.js';
import { tempDb } from '../test-support/temp-db.js';
import { LogsRepository } from './logs.repository.js';
import { PeersRepository } from './peers.repository.js';
import { ProfileRepository } from './profile.repository.js';
import { SettingsRepository } from './settings.repository.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());
const hex = (n: number) => n.toString(16).padStart(32, '0');

describe('LogsRepository', () => {
  it('caps the access log to the newest rows and filters by kind, outcome and text', () => {
    const logs = new LogsRepository(t.db, { accessRows: 100, debugRows: 10 });
    for (let i = 0; i < 1000; i++) logs.addAccess({ at: i, kind: 'request', clientIp: '10.0.0.1', method: 'GET', path: `/p/${i}`, status: 200 });
    logs.addAccess({ at: 2000, kind: 'auth', clientIp: '10.0.0.2', event: 'login', outcome: 'failed' });
    logs.trim();
    expect(logs.accessCount()).toBe(100);
    expect(logs.queryAccess({ kind: 'auth', limit: 10 }).map((r) => [r.event, r.outcome])).toEqual([['login', 'failed']]);
    const page = logs.queryAccess({ kind: 'request', limit: 3 });
    expect(page.map((r) => r.path)).toEqual(['/p/999', '/p/998', '/p/997']);
    expect(logs.queryAccess({ text: '/p/997', limit: 10 }).map((r) => r.path)).toEqual(['/p/997']);
    expect(logs.queryAccess({ kind: 'request', beforeId: page[2]?.id, limit: 1 })[0]?.path).toBe('/p/996');
  });

  it('stores and filters debug entries', () => {
    const logs = new LogsRepository(t.db);
    logs.addDebug({ at: 1, level: 'info', namespace: 'http', message: 'listening' });
    logs.addDebug({ at: 2, level: 'error', namespace: 'storage', message: 'backup failed' });
    expect(logs.queryDebug({ level: 'error', limit: 10 }).map((r) => r.message)).toEqual(['backup failed']);
    expect(logs.queryDebug({ text: 'listen', limit: 10 }).map((r) => r.namespace)).toEqual(['http']);
  });
});

describe('PeersRepository', () => {
  it('keeps at most the cap of announces per aspect, newest kept, and searches them', () => {
    const peers = new PeersRepository(t.db, 3);
    for (let i = 0; i < 5; i++) peers.addAnnounce({ aspect: 'lxmf.delivery', destinationHash: hex(i), identityHash: null, displayName: `n${i}`, appData: null, hops: 1, receivedAt: i });
    peers.addAnnounce({ aspect: 'nomadnetwork.node', destinationHash: hex(0), identityHash: null, displayName: 'node', appData: new Uint8Array([1]), hops: 2, receivedAt: 9 });
    expect(peers.announces('lxmf.delivery', undefined, 10).map((a) => a.displayName)).toEqual(['n4', 'n3', 'n2']);
    expect(peers.announces('lxmf.delivery', 'N3', 10).map((a) => a.displayName)).toEqual(['n3']);
    expect(peers.announces('nomadnetwork.node', undefined, 10)).toHaveLength(1);
  });

  it('stores contacts with blocking and propagation nodes', () => {
    const peers = new PeersRepository(t.db);
    peers.upsertContact(hex(1), 'Bob', false, 1);
    expect(peers.upsertContact(hex(1), 'Bob', true, 2)).toMatchObject({ name: 'Bob', blocked: true, createdAt: 1, updatedAt: 2 });
    expect(peers.deleteContact(hex(1))).toBe(true);
    expect(peers.contacts()).toEqual([]);
    peers.upsertPropagationNode({ destinationHash: hex(2), displayName: 'pn', enabled: true, transferLimitKb: 256, lastHeardAt: 5 });
    expect(peers.propagationNodes()).toEqual([{ destinationHash: hex(2), displayName: 'pn', enabled: true, transferLimitKb: 256, lastHeardAt: 5 }]);
  });
});

describe('SettingsRepository and ProfileRepository', () => {
  it('round-trips JSON settings and the profile', () => {
    const settings = new SettingsRepository(t.db);
    settings.setMany({ a: 1, b: { c: [true] } }, 1);
    settings.setMany({ a: 2 }, 2);
    expect(settings.all()).toEqual({ a: 2, b: { c: [true] } });
    const profile = new ProfileRepository(t.db);
    expect(profile.profile({ displayName: 'x', autoAnnounceIntervalS: 0, lastAnnouncedAt: null }).displayName).toBe('x');
    profile.saveProfile({ displayName: 'Node', autoAnnounceIntervalS: 600 });
    profile.markAnnounced(7);
    expect(profile.profile({ displayName: 'x', autoAnnounceIntervalS: 0, lastAnnouncedAt: null })).toEqual({ displayName: 'Node', autoAnnounceIntervalS: 600, lastAnnouncedAt: 7 });
    profile.setIdentityKey(new Uint8Array(64).fill(3), 1);
    expect(profile.identityKey()?.length).toBe(64);
  });
});
