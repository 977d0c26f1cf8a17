// SPDX-License-Identifier: MIT
// Opening the node database: one better-sqlite3 file in the data dir, WAL journal, foreign keys on,
// migrated to the newest schema this build knows (and refused when it is newer than that).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SchemaTooNewError } from './errors.js';
import { MIGRATIONS } from './migrations/index.js';

/** The database handle every repository takes. */
export type Db = Database.Database;

/** File name of the database inside the data dir. */
export const DB_FILE_NAME = 'strand.sqlite';

/** Highest schema version this build can read and write. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Opens (creating when absent) and migrates the database at `file`. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    applyPragmas(db);
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Connection settings: every connection must set them, they are not stored in the file. */
export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable against process crashes (the case that matters for "acknowledged
  // means on disk"); FULL additionally survives power loss on the last transaction.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/** Schema version stored in the file (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies every migration newer than the file's version, each in its own transaction together with
 * the version bump, so a crash leaves the file at a whole version.
 * @throws SchemaTooNewError when the file comes from a newer Strand.
 */
export function migrate(db: Db, file = db.name, upTo: number = MIGRATIONS.length): void {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) throw new SchemaTooNewError(current, MIGRATIONS.length, file);
  for (const m of MIGRATIONS.slice(current, upTo)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
