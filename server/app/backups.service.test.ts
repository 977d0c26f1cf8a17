// SPDX-License-Identifier: MIT
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempDb } from '../storage/test-support/temp-db.js';
import { tempDb } from '../storage/test-support/temp-db.js';
import { BackupsService } from './backups.service.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

describe('BackupsService', () => {
  it('runs scheduled backups and keeps only the configured number', async () => {
    const errors: Error[] = [];
    const service = new BackupsService(t.db, path.join(t.dir, 'backups'), { intervalMs: 5, firstDelayMs: 0, keep: () => 2 }, (e) => errors.push(e));
    service.start();
    // Two files can only exist after two scheduled runs; the loop is bounded by the test timeout.
    while (service.list().length < 2) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 60));
    await service.stop();
    expect(errors).toEqual([]);
    const list = service.list();
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list.length).toBeLessThanOrEqual(2);
  });

  it('shares one running backup between concurrent requests', async () => {
    const service = new BackupsService(t.db, path.join(t.dir, 'backups'), { intervalMs: 0, firstDelayMs: 0, keep: () => 5 }, () => undefined);
    const [a, b] = await Promise.all([service.backupNow(), service.backupNow()]);
    expect(a.name).toBe(b.name);
    expect(service.list()).toHaveLength(1);
  });
});
