// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeersRepository } from '../storage/repositories/peers.repository.js';
import { ProfileRepository } from '../storage/repositories/profile.repository.js';
import { SettingsRepository } from '../storage/repositories/settings.repository.js';
import type { TempDb } from '../storage/test-support/temp-db.js';
import { tempDb } from '../storage/test-support/temp-db.js';
import { EventBus } from './events.js';
import { DEFAULT_SETTINGS, NodeService } from './node.service.js';
import { UnavailableAnnounce, UnavailablePropagation } from './unavailable.js';

let t: TempDb;
let service: NodeService;
beforeEach(() => {
  t = tempDb();
  service = new NodeService({
    profile: new ProfileRepository(t.db), settings: new SettingsRepository(t.db), peers: new PeersRepository(t.db),
    announce: new UnavailableAnnounce(), propagation: new UnavailablePropagation(), events: new EventBus(), clock: () => 1,
  });
});
afterEach(() => t.cleanup());

describe('NodeService settings', () => {
  it('falls back to the default for a stored value that no longer fits the schema', () => {
    new SettingsRepository(t.db).setMany({ backupKeep: 'lots', blockAllFromStrangers: true, retired: 1 }, 1);
    expect(service.settings()).toEqual({ ...DEFAULT_SETTINGS, blockAllFromStrangers: true });
  });

  it('validates the merged settings before storing anything', () => {
    expect(() => service.updateSettings({ backupKeep: 0 })).toThrow(/>=1|too small|greater/i);
    expect(new SettingsRepository(t.db).all()).toEqual({});
  });

  it('says that announcing needs Reticulum', async () => {
    await expect(service.announceNow()).rejects.toMatchObject({ code: 'RETICULUM_UNAVAILABLE', kind: 'unavailable' });
  });
});
