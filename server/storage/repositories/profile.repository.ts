// SPDX-License-Identifier: MIT
// The node's own identity key and profile (display name, auto-announce interval).
import type { Db } from '../db.js';

export interface ProfileRow {
  displayName: string;
  autoAnnounceIntervalS: number;
  lastAnnouncedAt: number | null;
}

export class ProfileRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      profile: db.prepare('SELECT display_name AS displayName, auto_announce_interval_s AS autoAnnounceIntervalS, last_announced_at AS lastAnnouncedAt FROM profile WHERE id = 1'),
      upsert: db.prepare(`INSERT INTO profile (id, display_name, auto_announce_interval_s) VALUES (1, @displayName, @autoAnnounceIntervalS)
        ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, auto_announce_interval_s = excluded.auto_announce_interval_s`),
      announced: db.prepare('UPDATE profile SET last_announced_at = ? WHERE id = 1'),
      identity: db.prepare('SELECT private_key AS privateKey FROM identity WHERE id = 1'),
      setIdentity: db.prepare(`INSERT INTO identity (id, private_key, created_at) VALUES (1, ?, ?)
        ON CONFLICT (id) DO UPDATE SET private_key = excluded.private_key, created_at = excluded.created_at`),
    };
  }

  /** The stored profile, or the given defaults when none was saved yet. */
  profile(defaults: ProfileRow): ProfileRow {
    return (this.stmts.profile.get() as ProfileRow | undefined) ?? defaults;
  }

  saveProfile(p: Pick<ProfileRow, 'displayName' | 'autoAnnounceIntervalS'>): void {
    this.stmts.upsert.run(p);
  }

  markAnnounced(now: number): void {
    this.stmts.announced.run(now);
  }

  /** The 64-byte private key (X25519 ‖ Ed25519) of the node identity, if one is stored. */
  identityKey(): Uint8Array | undefined {
    return (this.stmts.identity.get() as { privateKey: Buffer } | undefined)?.privateKey;
  }

  setIdentityKey(key: Uint8Array, now: number): void {
    this.stmts.setIdentity.run(Buffer.from(key), now);
  }
}
