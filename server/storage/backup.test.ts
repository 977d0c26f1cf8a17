// SPDX-License-Identifier: MIT
import { writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackup, createBackup, listBackups, restoreBackup } from './backup.js';
import { openDatabase, SCHEMA_VERSION } from './db.js';
import { BackupError, SchemaTooNewError } from './errors.js';
import { SettingsRepository } from './repositories/settings.repository.js';
import type { TempDb } from './test-support/temp-db.js';
import { tempDb } from './test-support/temp-db.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

describe('backups', () => {
  it('writes consistent online backups and keeps only the newest ones', async () => {
    const settings = new SettingsRepository(t.db);
    const dir = path.join(t.dir, 'backups');
    for (let i = 0; i < 4; i++) {
      settings.setMany({ n: i }, i);
      await createBackup(t.db, dir, 2, Date.UTC(2026, 0, 1, 0, 0, i));
    }
    const list = listBackups(dir);
    expect(list.map((b) => b.name)).toEqual(['strand-20260101T000003000Z.sqlite', 'strand-20260101T000002000Z.sqlite']);
    expect(checkBackup(list[0]?.path ?? '')).toBe(SCHEMA_VERSION);
    const copy = new Database(list[0]?.path ?? '', { readonly: true });
    expect(copy.prepare('SELECT value_json AS v FROM settings').get()).toEqual({ v: '3' });
    copy.close();
  });

  it('restores a backup over the database and keeps the previous file', async () => {
    const settings = new SettingsRepository(t.db);
    settings.setMany({ v: 'old' }, 1);
    const backup = await createBackup(t.db, path.join(t.dir, 'backups'), 5);
    settings.setMany({ v: 'new' }, 2);
    t.db.close();
    const kept = restoreBackup(backup.path, t.file);
    expect(kept && existsSync(kept)).toBe(true);
    t.db = openDatabase(t.file);
    expect(new SettingsRepository(t.db).all()).toEqual({ v: 'old' });
  });

  it('refuses to restore a file that is not a Strand database, or one from a newer Strand', () => {
    const junk = path.join(t.dir, 'junk.sqlite');
    writeFileSync(junk, 'not sqlite at all, just some text that is long enough');
    expect(() => restoreBackup(junk, t.file)).toThrow(BackupError);
    expect(() => checkBackup(path.join(t.dir, 'missing.sqlite'))).toThrow(/no such backup/);
    const other = new Database(path.join(t.dir, 'other.sqlite'));
    other.exec('CREATE TABLE x (y)');
    other.close();
    expect(() => checkBackup(path.join(t.dir, 'other.sqlite'))).toThrow(/not a Strand database/);
    t.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    t.db.close();
    const newer = path.join(t.dir, 'newer.sqlite');
    writeFileSync(newer, '');
    const src = new Database(t.file);
    src.exec(`VACUUM INTO '${newer.replaceAll("'", "''")}x'`);
    src.close();
    expect(() => checkBackup(`${newer}x`)).toThrow(SchemaTooNewError);
  });
});
