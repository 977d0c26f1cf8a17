// SPDX-License-Identifier: MIT
// Key/value settings stored as JSON text. Types and validation live in the app layer's schema;
// this table only keeps what that schema accepted.
import type { Db } from '../db.js';

export class SettingsRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      all: db.prepare('SELECT key, value_json AS valueJson FROM settings'),
      upsert: db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`),
    };
  }

  /** Every stored value, parsed from JSON. */
  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const row of this.stmts.all.all() as { key: string; valueJson: string }[]) out[row.key] = JSON.parse(row.valueJson);
    return out;
  }

  /** Writes several keys in one transaction. */
  setMany(values: Record<string, unknown>, now: number): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) this.stmts.upsert.run(key, JSON.stringify(value), now);
    })();
  }
}
