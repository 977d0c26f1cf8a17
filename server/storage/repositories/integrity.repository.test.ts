// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../db.js';
import type { TempDb } from '../test-support/temp-db.js';
import { tempDb } from '../test-support/temp-db.js';
import { IntegrityRepository, WATCHED_TABLES } from './integrity.repository.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

describe('IntegrityRepository', () => {
  it('describes the migrated database: schema, version, size, quick_check and row counts', () => {
    const repo = new IntegrityRepository(t.db);
    const before = repo.facts();
    expect(before.userVersion).toBe(SCHEMA_VERSION);
    expect(before.schema).toContain('CREATE TABLE messages');
    expect(before.integrityCheck).toBe('ok');
    expect(before.sizeBytes).toBeGreaterThan(0);
    expect(Object.keys(before.rowCounts)).toEqual([...WATCHED_TABLES]);
    expect(before.rowCounts['contacts']).toBe(0);

    t.db.exec('CREATE TABLE extra (x INTEGER)');
    const after = repo.facts();
    expect(after.schema).not.toBe(before.schema);
    expect(after.schema).toContain('CREATE TABLE extra');
  });
});
