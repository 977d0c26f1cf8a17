// SPDX-License-Identifier: MIT
// Online backups (SQLite's backup API: consistent while the node keeps writing), retention, and the
// offline restore used by `strand restore`.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import { applyPragmas, SCHEMA_VERSION, schemaVersion } from './db.js';
import { BackupError, SchemaTooNewError } from './errors.js';

export interface BackupInfo {
  name: string;
  path: string;
  sizeBytes: number;
  createdAt: number;
}

const BACKUP_NAME = /^strand-(\d{8}T\d{6}\d{3}Z)(?:-\d+)?\.sqlite$/;

/** File-name-safe UTC timestamp, sortable as text. */
function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:.]/g, '');
}

/** Backups in `dir`, newest first. Only files named like our own backups are listed. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .map((name) => {
      const p = path.join(dir, name);
      const st = statSync(p);
      return { name, path: p, sizeBytes: st.size, createdAt: st.mtimeMs };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/**
 * Writes a consistent copy of the live database into `dir`, then deletes the oldest backups beyond
 * `keep`. The copy is written under a temporary name and renamed, so a listed backup is complete.
 */
export async function createBackup(db: Db, dir: string, keep: number, now = Date.now()): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = `strand-${stamp(now)}.sqlite`;
  for (let i = 1; existsSync(path.join(dir, name)); i++) name = `strand-${stamp(now)}-${i}.sqlite`;
  const target = path.join(dir, name);
  const partial = `${target}.partial`;
  try {
    await db.backup(partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BackupError(`backup to ${target} failed: ${(error as Error).message}`, { cause: error });
  }
  for (const old of listBackups(dir).slice(Math.max(1, keep))) rmSync(old.path, { force: true });
  const info = listBackups(dir).find((b) => b.name === name);
  if (!info) throw new BackupError(`backup ${target} vanished after writing`);
  return info;
}

/** Checks that `file` is a readable Strand database this build understands; returns its schema version. */
export function checkBackup(file: string): number {
  if (!existsSync(file)) throw new BackupError(`no such backup file: ${file}`);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`backup ${file} is damaged: ${String(integrity)}`);
    const hasMessages = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'").get();
    if (!hasMessages) throw new BackupError(`${file} is not a Strand database`);
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(version, SCHEMA_VERSION, file);
    return version;
  } catch (error) {
    if (error instanceof BackupError || error instanceof SchemaTooNewError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database: ${(error as Error).message}`, { cause: error });
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database at `dbFile` (the node must be stopped) with `backupFile`. The current file is
 * kept as `<dbFile>.before-restore-<time>` so a wrong restore can be undone.
 * @returns the path of the kept previous database, or null when there was none.
 */
export function restoreBackup(backupFile: string, dbFile: string, now = Date.now()): string | null {
  checkBackup(backupFile);
  let kept: string | null = null;
  if (existsSync(dbFile)) {
    // Fold the WAL into the main file first, so the kept copy is complete on its own.
    const current = new Database(dbFile);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
    kept = `${dbFile}.before-restore-${stamp(now)}`;
    renameSync(dbFile, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  mkdirSync(path.dirname(dbFile), { recursive: true, mode: 0o700 });
  copyFileSync(backupFile, `${dbFile}.partial`);
  renameSync(`${dbFile}.partial`, dbFile);
  const db = new Database(dbFile);
  try {
    applyPragmas(db);
  } finally {
    db.close();
  }
  return kept;
}
