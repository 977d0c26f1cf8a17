// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../storage/db.js';
import { IntegrityRepository } from '../storage/repositories/integrity.repository.js';
import { SettingsRepository } from '../storage/repositories/settings.repository.js';
import type { TempDb } from '../storage/test-support/temp-db.js';
import { tempDb } from '../storage/test-support/temp-db.js';
import { DATA_AT_REST_SETTING, DataAtRestService } from './data-at-rest.service.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

const service = (schemaVersion = SCHEMA_VERSION) => {
  const repo = new IntegrityRepository(t.db);
  return new DataAtRestService({ dataDir: t.dir, settings: new SettingsRepository(t.db), databaseMetadata: () => repo.facts(), schemaVersion, clock: () => 1000 });
};
const codes = (s: DataAtRestService) => s.current().warnings.map((w) => w.code).sort();

describe('DataAtRestService', () => {
  it('reports rows removed while stopped, keeps the warning across clean restarts until acknowledged', () => {
    t.db.prepare('INSERT INTO contacts (hash, name, created_at, updated_at) VALUES (?, ?, 1, 1)').run('ab'.repeat(16), 'a');
    const first = service();
    expect(first.start().status).toBe('first-run');
    first.record();

    t.db.exec('DELETE FROM contacts'); // "while stopped"
    const second = service();
    expect(second.start()).toMatchObject({ status: 'changed', acknowledged: false });
    expect(codes(second)).toEqual(['DAR_DB_ROWS_DECREASED']);
    second.record();

    const third = service();
    expect(third.start().status).toBe('changed');
    expect(codes(third)).toEqual(['DAR_DB_ROWS_DECREASED']);
    expect(third.acknowledge()).toMatchObject({ acknowledged: true, acknowledgedAt: 1000 });
    expect(new SettingsRepository(t.db).all()[DATA_AT_REST_SETTING]).toEqual({ pending: [], acknowledgedAt: 1000 });
    third.record();

    expect(service().start()).toMatchObject({ status: 'clean', warnings: [], acknowledged: true, acknowledgedAt: 1000 });
  });

  it('treats a migration up to this build\'s schema version as an upgrade, any other version change as a warning', () => {
    t.db.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    service().record();
    t.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const upgraded = service();
    expect(upgraded.start()).toMatchObject({ status: 'clean', warnings: [] });
    upgraded.record();

    t.db.pragma(`user_version = ${SCHEMA_VERSION - 1}`); // a downgrade behind our back
    const downgraded = service(SCHEMA_VERSION - 1);
    downgraded.start();
    expect(codes(downgraded)).toEqual(['DAR_DB_VERSION_CHANGED']);
  });
});
