// SPDX-License-Identifier: MIT
// Facts about the database file itself, for the data-at-rest check (integrity/data-at-rest.ts).
import type { Db } from '../db.js';

/** Tables whose row count should never drop while the node is stopped. */
export const WATCHED_TABLES = ['identity', 'contacts', 'conversations', 'messages'] as const;

export interface DatabaseFacts {
  schema: string;
  userVersion: number;
  sizeBytes: number;
  integrityCheck: string;
  rowCounts: Record<string, number>;
}

export class IntegrityRepository {
  constructor(private readonly db: Db) {}

  /**
   * `quick_check`, not `integrity_check`: it finds damaged pages and b-trees in O(N) but skips the
   * index-versus-table cross-check, which is O(N log N) and takes minutes on a multi-GB database at
   * every start. Index drift is repairable (REINDEX); page damage is what we must report.
   */
  facts(): DatabaseFacts {
    const schema = (this.db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").pluck().all() as string[]).join('\n');
    const userVersion = this.db.pragma('user_version', { simple: true }) as number;
    const sizeBytes = this.db.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
    const integrityCheck = String(this.db.pragma('quick_check(1)', { simple: true }));
    const rowCounts: Record<string, number> = {};
    for (const table of WATCHED_TABLES) rowCounts[table] = this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { schema, userVersion, sizeBytes, integrityCheck, rowCounts };
  }
}
