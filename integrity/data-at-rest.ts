// SPDX-License-Identifier: MIT
// Data-at-rest monitoring. On a clean shutdown the server records the SHA-256 of its identity
// file(s) and config and a fingerprint of the database; at the next startup it compares and
// reports unexpected changes as warnings the user must acknowledge. This library never opens
// SQLite: the caller passes a callback that returns the metadata (see DatabaseMetadata).
//
// What it detects is change *while Strand was stopped* by something that did not also rewrite the
// state file; it is tamper-evidence for casual or accidental changes, not protection against an
// attacker who can write to the data directory (they can rewrite the state file too).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IntegrityError } from './errors.js';

/** What the caller reads from SQLite (e.g. `sqlite_schema`, `PRAGMA user_version`, page counts). */
export interface DatabaseMetadata {
  /** The schema text: every `sql` of sqlite_schema, sorted by name, joined by newlines. */
  schema: string;
  /** `PRAGMA user_version` (the migration number). */
  userVersion: number;
  /** `PRAGMA page_count` × `PRAGMA page_size`, in bytes. */
  sizeBytes: number;
  /** The first line of `PRAGMA integrity_check` (or quick_check): `ok` when healthy. */
  integrityCheck: string;
  /** Optional row counts of tables that only grow (messages, identities); a decrease is reported. */
  rowCounts?: Record<string, number>;
}

export interface DataAtRestInput {
  /** Where the fingerprints are stored, e.g. `<data-dir>/integrity-state.json`. */
  stateFile: string;
  /** Identity files (private keys): any change is reported as "identity replaced". */
  identityFiles: string[];
  /** Configuration files: a change while stopped is reported as "config edited". */
  configFiles: string[];
  /** Reads the database metadata; omitted when there is no database yet. */
  databaseMetadata?: () => DatabaseMetadata;
}

export type DataAtRestWarningCode =
  | 'DAR_UNCLEAN_SHUTDOWN'
  | 'DAR_STATE_INVALID'
  | 'DAR_IDENTITY_REPLACED'
  | 'DAR_IDENTITY_MISSING'
  | 'DAR_IDENTITY_ADDED'
  | 'DAR_CONFIG_CHANGED'
  | 'DAR_CONFIG_MISSING'
  | 'DAR_DB_SCHEMA_CHANGED'
  | 'DAR_DB_VERSION_CHANGED'
  | 'DAR_DB_SHRUNK'
  | 'DAR_DB_ROWS_DECREASED'
  | 'DAR_DB_INTEGRITY_FAILED';

/** One unexpected change. `subject` is a file path or a database aspect. */
export interface DataAtRestWarning {
  code: DataAtRestWarningCode;
  subject: string;
  message: string;
  expected?: string;
  actual?: string;
}

export interface DataAtRestReport {
  /** `clean`: everything matches the last clean shutdown. `first-run`: nothing recorded yet. */
  status: 'clean' | 'changed' | 'first-run';
  warnings: DataAtRestWarning[];
  /** When the compared fingerprints were recorded (ISO), if they were. */
  recordedAt?: string;
}

interface FileFingerprint {
  sha256: string | null;
  size: number | null;
}

interface StateFile {
  format: 'strand-data-at-rest';
  formatVersion: 1;
  /** `stopped` after a clean shutdown; `running` while the node runs (a crash leaves it so). */
  state: 'stopped' | 'running';
  recordedAt: string;
  identityFiles: Record<string, FileFingerprint>;
  configFiles: Record<string, FileFingerprint>;
  database: { schemaSha256: string; userVersion: number; sizeBytes: number; integrityCheck: string; rowCounts: Record<string, number> } | null;
}

function fingerprint(file: string): FileFingerprint {
  try {
    const bytes = readFileSync(file);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sha256: null, size: null };
    throw error;
  }
}

/**
 * Keys are relative to the state file's directory (the data dir), so moving the whole data
 * directory is not reported as every identity being replaced.
 */
function fingerprints(stateFile: string, files: string[]): Record<string, FileFingerprint> {
  const base = path.dirname(path.resolve(stateFile));
  const out: Record<string, FileFingerprint> = {};
  for (const f of [...files].sort()) {
    const rel = path.relative(base, path.resolve(f));
    out[rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(f) : rel.split(path.sep).join('/')] = fingerprint(f);
  }
  return out;
}

function databaseFingerprint(meta: DatabaseMetadata): NonNullable<StateFile['database']> {
  return {
    schemaSha256: createHash('sha256').update(meta.schema).digest('hex'),
    userVersion: meta.userVersion,
    sizeBytes: meta.sizeBytes,
    integrityCheck: meta.integrityCheck,
    rowCounts: { ...(meta.rowCounts ?? {}) },
  };
}

function writeState(stateFile: string, state: StateFile): void {
  // Write-then-rename so a crash mid-write never leaves a truncated state (which would read as tampering).
  const tmp = `${stateFile}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, stateFile);
}

function snapshot(input: DataAtRestInput, state: StateFile['state'], now: Date): StateFile {
  return {
    format: 'strand-data-at-rest',
    formatVersion: 1,
    state,
    recordedAt: now.toISOString(),
    identityFiles: fingerprints(input.stateFile, input.identityFiles),
    configFiles: fingerprints(input.stateFile, input.configFiles),
    database: input.databaseMetadata ? databaseFingerprint(input.databaseMetadata()) : null,
  };
}

/** Records the fingerprints on a clean shutdown (after the database is flushed, before exit). */
export function recordDataAtRest(input: DataAtRestInput, now: Date = new Date()): void {
  writeState(input.stateFile, snapshot(input, 'stopped', now));
}

/**
 * Marks the node as running (call right after {@link checkDataAtRest} at startup). If the process
 * then dies without {@link recordDataAtRest}, the next check reports an unclean shutdown.
 */
export function markDataAtRestRunning(input: DataAtRestInput, now: Date = new Date()): void {
  const previous = readState(input.stateFile);
  const current = snapshot(input, 'running', now);
  // Keep the last clean baseline, so a crash followed by a restart still compares against it.
  writeState(input.stateFile, previous && previous.state === 'stopped' ? { ...previous, state: 'running' } : current);
}

function readState(stateFile: string): StateFile | null {
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let raw: Partial<StateFile>;
  try {
    raw = JSON.parse(text) as Partial<StateFile>;
  } catch (error) {
    throw new IntegrityError('INTEGRITY_ERR_STATE_INVALID', `${stateFile} is not JSON: ${(error as Error).message}`);
  }
  if (raw.format !== 'strand-data-at-rest' || raw.formatVersion !== 1 || typeof raw.identityFiles !== 'object' || typeof raw.configFiles !== 'object') {
    throw new IntegrityError('INTEGRITY_ERR_STATE_INVALID', `${stateFile} is not a data-at-rest state file`);
  }
  return raw as StateFile;
}

function compareFiles(kind: 'identity' | 'config', before: Record<string, FileFingerprint>, now: Record<string, FileFingerprint>, out: DataAtRestWarning[]): void {
  for (const [file, was] of Object.entries(before)) {
    const is = now[file];
    if (is === undefined) continue; // no longer configured to be watched: not a change on disk
    if (was.sha256 !== null && is.sha256 === null) {
      out.push({ code: kind === 'identity' ? 'DAR_IDENTITY_MISSING' : 'DAR_CONFIG_MISSING', subject: file, message: `${kind} file was deleted while Strand was stopped` });
    } else if (was.sha256 === null && is.sha256 !== null) {
      out.push({ code: kind === 'identity' ? 'DAR_IDENTITY_ADDED' : 'DAR_CONFIG_CHANGED', subject: file, message: `${kind} file appeared while Strand was stopped`, actual: is.sha256 });
    } else if (was.sha256 !== is.sha256) {
      out.push({
        code: kind === 'identity' ? 'DAR_IDENTITY_REPLACED' : 'DAR_CONFIG_CHANGED',
        subject: file,
        message: kind === 'identity' ? 'identity file was replaced while Strand was stopped' : 'configuration was edited while Strand was stopped',
        expected: was.sha256 ?? undefined,
        actual: is.sha256 ?? undefined,
      });
    }
  }
  for (const [file, is] of Object.entries(now)) {
    if (before[file] === undefined && is.sha256 !== null && kind === 'identity') {
      out.push({ code: 'DAR_IDENTITY_ADDED', subject: file, message: 'identity file was not present at the last clean shutdown', actual: is.sha256 });
    }
  }
}

function compareDatabase(before: StateFile['database'], meta: DatabaseMetadata | undefined, out: DataAtRestWarning[]): void {
  if (!meta) return;
  if (meta.integrityCheck.trim().toLowerCase() !== 'ok') {
    out.push({ code: 'DAR_DB_INTEGRITY_FAILED', subject: 'database', message: 'PRAGMA integrity_check did not return ok', actual: meta.integrityCheck });
  }
  if (!before) return;
  const now = databaseFingerprint(meta);
  if (now.userVersion !== before.userVersion) {
    out.push({ code: 'DAR_DB_VERSION_CHANGED', subject: 'database', message: 'schema version (user_version) changed while Strand was stopped', expected: String(before.userVersion), actual: String(now.userVersion) });
  } else if (now.schemaSha256 !== before.schemaSha256) {
    out.push({ code: 'DAR_DB_SCHEMA_CHANGED', subject: 'database', message: 'database schema changed while Strand was stopped', expected: before.schemaSha256, actual: now.schemaSha256 });
  }
  if (now.sizeBytes < before.sizeBytes) {
    out.push({ code: 'DAR_DB_SHRUNK', subject: 'database', message: 'database shrank while Strand was stopped', expected: `>= ${before.sizeBytes} bytes`, actual: `${now.sizeBytes} bytes` });
  }
  for (const [table, count] of Object.entries(before.rowCounts)) {
    const current = now.rowCounts[table];
    if (current !== undefined && current < count) {
      out.push({ code: 'DAR_DB_ROWS_DECREASED', subject: `database table ${table}`, message: `rows of ${table} decreased while Strand was stopped`, expected: `>= ${count}`, actual: String(current) });
    }
  }
}

/**
 * Compares the data directory with the fingerprints of the last clean shutdown. Never throws for
 * a change: every change is a warning. A corrupt state file is itself a warning.
 */
export function checkDataAtRest(input: DataAtRestInput): DataAtRestReport {
  let previous: StateFile | null;
  try {
    previous = readState(input.stateFile);
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    return { status: 'changed', warnings: [{ code: 'DAR_STATE_INVALID', subject: input.stateFile, message: error.message }] };
  }
  const meta = input.databaseMetadata?.();
  const warnings: DataAtRestWarning[] = [];
  if (!previous) {
    compareDatabase(null, meta, warnings);
    return { status: warnings.length === 0 ? 'first-run' : 'changed', warnings };
  }
  if (previous.state === 'running') {
    warnings.push({ code: 'DAR_UNCLEAN_SHUTDOWN', subject: input.stateFile, message: 'Strand did not shut down cleanly last time; changes since then cannot be attributed', expected: 'stopped', actual: 'running' });
  }
  compareFiles('identity', previous.identityFiles, fingerprints(input.stateFile, input.identityFiles), warnings);
  compareFiles('config', previous.configFiles, fingerprints(input.stateFile, input.configFiles), warnings);
  compareDatabase(previous.database, meta, warnings);
  return { status: warnings.length === 0 ? 'clean' : 'changed', warnings, recordedAt: previous.recordedAt };
}
