// SPDX-License-Identifier: MIT
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDataAtRest, markDataAtRestRunning, recordDataAtRest } from './data-at-rest.js';
import type { DataAtRestInput, DatabaseMetadata } from './data-at-rest.js';

let dir: string;
let db: DatabaseMetadata;
let input: DataAtRestInput;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'strand-dar-'));
  writeFileSync(path.join(dir, 'identity'), Buffer.alloc(64, 1));
  writeFileSync(path.join(dir, 'config.json'), '{"port":8000}');
  db = { schema: 'CREATE TABLE messages (id INTEGER)', userVersion: 3, sizeBytes: 8192, integrityCheck: 'ok', rowCounts: { messages: 10 } };
  input = {
    stateFile: path.join(dir, 'integrity-state.json'),
    identityFiles: [path.join(dir, 'identity')],
    configFiles: [path.join(dir, 'config.json')],
    databaseMetadata: () => db,
  };
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const codes = () => checkDataAtRest(input).warnings.map((w) => w.code);

describe('data at rest', () => {
  it('is a first run without a state file, and clean after a clean shutdown with no changes', () => {
    expect(checkDataAtRest(input)).toEqual({ status: 'first-run', warnings: [] });
    recordDataAtRest(input, new Date('2026-01-01T00:00:00Z'));
    expect(checkDataAtRest(input)).toEqual({ status: 'clean', warnings: [], recordedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('reports a replaced identity and an edited config, with both digests', () => {
    recordDataAtRest(input);
    writeFileSync(path.join(dir, 'identity'), Buffer.alloc(64, 2));
    writeFileSync(path.join(dir, 'config.json'), '{"port":9000}');
    const report = checkDataAtRest(input);
    expect(report.status).toBe('changed');
    expect(report.warnings.map((w) => [w.code, path.basename(w.subject)])).toEqual([
      ['DAR_IDENTITY_REPLACED', 'identity'],
      ['DAR_CONFIG_CHANGED', 'config.json'],
    ]);
    expect(report.warnings[0]?.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(report.warnings[0]?.actual).not.toBe(report.warnings[0]?.expected);
  });

  it('reports a deleted identity and a new one', () => {
    recordDataAtRest(input);
    unlinkSync(path.join(dir, 'identity'));
    writeFileSync(path.join(dir, 'identity2'), 'x');
    input.identityFiles.push(path.join(dir, 'identity2'));
    expect(codes()).toEqual(['DAR_IDENTITY_MISSING', 'DAR_IDENTITY_ADDED']);
  });

  it('reports a shrunk database, fewer rows, a schema change and a failed integrity check', () => {
    recordDataAtRest(input);
    db = { ...db, sizeBytes: 4096, rowCounts: { messages: 3 }, schema: 'CREATE TABLE messages (id INTEGER, x)', integrityCheck: '*** in database main ***\nPage 5: btree' };
    expect(codes()).toEqual(['DAR_DB_INTEGRITY_FAILED', 'DAR_DB_SCHEMA_CHANGED', 'DAR_DB_SHRUNK', 'DAR_DB_ROWS_DECREASED']);
  });

  it('reports a migration applied while stopped as a version change', () => {
    recordDataAtRest(input);
    db = { ...db, userVersion: 4, schema: `${db.schema};CREATE TABLE y (z)` };
    expect(codes()).toEqual(['DAR_DB_VERSION_CHANGED']);
  });

  it('reports an unclean shutdown and still compares against the last clean baseline', () => {
    recordDataAtRest(input);
    markDataAtRestRunning(input);
    writeFileSync(path.join(dir, 'config.json'), '{"port":1}');
    expect(codes()).toEqual(['DAR_UNCLEAN_SHUTDOWN', 'DAR_CONFIG_CHANGED']);
    recordDataAtRest(input);
    expect(codes()).toEqual([]);
  });

  it('reports a corrupt state file instead of throwing', () => {
    writeFileSync(input.stateFile, '{"format":"other"}');
    expect(checkDataAtRest(input)).toMatchObject({ status: 'changed', warnings: [{ code: 'DAR_STATE_INVALID' }] });
    writeFileSync(input.stateFile, 'not json');
    expect(codes()).toEqual(['DAR_STATE_INVALID']);
  });

  it('reports a failed integrity check even on the first run', () => {
    db = { ...db, integrityCheck: 'row 3 missing from index' };
    expect(checkDataAtRest(input)).toMatchObject({ status: 'changed', warnings: [{ code: 'DAR_DB_INTEGRITY_FAILED' }] });
  });
});

describe('data at rest, moved data directory', () => {
  it('does not report anything when the whole data directory moves', async () => {
    const { cpSync } = await import('node:fs');
    recordDataAtRest(input);
    const moved = `${dir}-moved`;
    cpSync(dir, moved, { recursive: true });
    try {
      const movedInput: DataAtRestInput = {
        stateFile: path.join(moved, 'integrity-state.json'),
        identityFiles: [path.join(moved, 'identity')],
        configFiles: [path.join(moved, 'config.json')],
        databaseMetadata: () => db,
      };
      expect(checkDataAtRest(movedInput)).toMatchObject({ status: 'clean', warnings: [] });
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
  });
});
