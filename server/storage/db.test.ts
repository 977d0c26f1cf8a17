// SPDX-License-Identifier: MIT
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION, schemaVersion } from './db.js';
import { SchemaTooNewError } from './errors.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'strand.sqlite');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('creates the file with WAL, foreign keys and the newest schema version', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    db.close();
  });

  it('reopens an existing database without re-running migrations', () => {
    const file = tempFile();
    const a = openDatabase(file);
    a.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('k', '1', 1)").run();
    a.close();
    const b = openDatabase(file);
    expect(b.prepare('SELECT value_json AS v FROM settings').get()).toEqual({ v: '1' });
    b.close();
  });

  it('refuses a database written by a newer Strand with a clear message and leaves it untouched', () => {
    const file = tempFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}.*up to ${SCHEMA_VERSION}.*strand restore`));
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});
