// SPDX-License-Identifier: MIT
// Test helper: a real database file in a fresh temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db.js';
import { DB_FILE_NAME, openDatabase } from '../db.js';

export interface TempDb {
  db: Db;
  dir: string;
  file: string;
  cleanup(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-db-'));
  const file = path.join(dir, DB_FILE_NAME);
  const db = openDatabase(file);
  return {
    db, dir, file,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
