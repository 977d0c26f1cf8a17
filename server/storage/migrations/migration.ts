// SPDX-License-Identifier: MIT
import type Database from 'better-sqlite3';

/** One numbered schema step. `version` equals its position in the list (1-based) and never changes. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
