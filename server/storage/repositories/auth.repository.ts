// SPDX-License-Identifier: MIT
// The owner's password hash, the login lockout state and the sessions. Lockout decisions are made
// inside IMMEDIATE transactions, so concurrent requests (or processes) see each other's attempts.
import type { Db } from '../db.js';

export interface SessionRow {
  id: string;
  tokenHash: Uint8Array;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  clientIp: string;
  userAgent: string;
}

export interface LockoutPolicy {
  /** Failures within `windowMs` that trigger a lockout. */
  maxFailures: number;
  windowMs: number;
  /** First lockout length; each further lockout doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
}

/**
 * `busy`: the allowance is taken by checks still running; the caller should retry shortly. This is
 * not a lockout, so several tabs logging in at once with the right password do not lock the owner out.
 */
export type AttemptReservation = { ok: true; attemptId: number } | { ok: false; reason: 'locked'; lockedUntil: number } | { ok: false; reason: 'busy' };

const SESSION_COLUMNS = `id, token_hash AS tokenHash, created_at AS createdAt, last_seen_at AS lastSeenAt,
  expires_at AS expiresAt, client_ip AS clientIp, user_agent AS userAgent`;

export class AuthRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      getPassword: db.prepare('SELECT password_hash AS hash, password_changed_at AS changedAt FROM auth WHERE id = 1'),
      setPassword: db.prepare(`INSERT INTO auth (id, password_hash, password_changed_at) VALUES (1, @hash, @now)
        ON CONFLICT (id) DO UPDATE SET password_hash = excluded.password_hash, password_changed_at = excluded.password_changed_at`),
      lockout: db.prepare('SELECT level, locked_until AS lockedUntil FROM auth_lockout WHERE id = 1'),
      setLockout: db.prepare(`INSERT INTO auth_lockout (id, level, locked_until) VALUES (1, @level, @lockedUntil)
        ON CONFLICT (id) DO UPDATE SET level = excluded.level, locked_until = excluded.locked_until`),
      countRecent: db.prepare('SELECT count(*) AS n FROM auth_attempts WHERE at > ?'),
      countFailed: db.prepare("SELECT count(*) AS n FROM auth_attempts WHERE at > ? AND outcome = 'failed'"),
      insertAttempt: db.prepare("INSERT INTO auth_attempts (at, outcome, client) VALUES (?, 'pending', ?)"),
      failAttempt: db.prepare("UPDATE auth_attempts SET outcome = 'failed' WHERE id = ?"),
      deleteAttempt: db.prepare('DELETE FROM auth_attempts WHERE id = ?'),
      clearAttempts: db.prepare('DELETE FROM auth_attempts'),
      clearFailed: db.prepare("DELETE FROM auth_attempts WHERE outcome = 'failed'"),
      pruneAttempts: db.prepare('DELETE FROM auth_attempts WHERE at <= ?'),
      insertSession: db.prepare(`INSERT INTO sessions (id, token_hash, created_at, last_seen_at, expires_at, client_ip, user_agent)
        VALUES (@id, @tokenHash, @createdAt, @lastSeenAt, @expiresAt, @clientIp, @userAgent)`),
      sessionByToken: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`),
      sessions: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions ORDER BY last_seen_at DESC`),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
      deleteOtherSessions: db.prepare('DELETE FROM sessions WHERE id <> ?'),
      deleteAllSessions: db.prepare('DELETE FROM sessions'),
      deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= @now OR last_seen_at <= @idleCutoff'),
    };
  }

  passwordHash(): { hash: string; changedAt: number } | undefined {
    return this.stmts.getPassword.get() as { hash: string; changedAt: number } | undefined;
  }

  /** Sets the password hash; when `keepSessionId` is given every other session is revoked, else all. */
  setPassword(hash: string, now: number, keepSessionId?: string): void {
    this.db.transaction(() => {
      this.stmts.setPassword.run({ hash, now });
      if (keepSessionId === undefined) this.stmts.deleteAllSessions.run();
      else this.stmts.deleteOtherSessions.run(keepSessionId);
      this.stmts.clearAttempts.run();
      this.stmts.setLockout.run({ level: 0, lockedUntil: 0 });
    }).immediate();
  }

  /** Time (ms) until which logins are refused, 0 when not locked. */
  lockedUntil(now: number): number {
    const row = this.stmts.lockout.get() as { level: number; lockedUntil: number } | undefined;
    return row && row.lockedUntil > now ? row.lockedUntil : 0;
  }

  /**
   * Reserves one password check before it runs. A reservation counts as a failure until it is
   * settled, so N concurrent guesses consume N of the allowance even while argon2 is still hashing.
   */
  reserveAttempt(client: string, now: number, policy: LockoutPolicy): AttemptReservation {
    return this.db.transaction((): AttemptReservation => {
      const state = (this.stmts.lockout.get() as { level: number; lockedUntil: number } | undefined) ?? { level: 0, lockedUntil: 0 };
      if (state.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: state.lockedUntil };
      this.stmts.pruneAttempts.run(now - policy.windowMs);
      const failed = (this.stmts.countFailed.get(now - policy.windowMs) as { n: number }).n;
      if (failed >= policy.maxFailures) return { ok: false, reason: 'locked', lockedUntil: this.lock(state.level, now, policy) };
      const recent = (this.stmts.countRecent.get(now - policy.windowMs) as { n: number }).n;
      if (recent >= policy.maxFailures) return { ok: false, reason: 'busy' };
      const attemptId = Number(this.stmts.insertAttempt.run(now, client.slice(0, 64)).lastInsertRowid);
      return { ok: true, attemptId };
    }).immediate();
  }

  /** Records a failed check; returns the lockout end when this failure triggered one, else 0. */
  recordFailure(attemptId: number, now: number, policy: LockoutPolicy): number {
    return this.db.transaction(() => {
      this.stmts.failAttempt.run(attemptId);
      const state = (this.stmts.lockout.get() as { level: number; lockedUntil: number } | undefined) ?? { level: 0, lockedUntil: 0 };
      if (state.lockedUntil > now) return state.lockedUntil;
      const failed = (this.stmts.countFailed.get(now - policy.windowMs) as { n: number }).n;
      return failed >= policy.maxFailures ? this.lock(state.level, now, policy) : 0;
    }).immediate();
  }

  /**
   * A successful login clears the failure history and the lockout growth. Other checks still
   * running keep their reservations: they settle themselves.
   */
  recordSuccess(attemptId: number): void {
    this.db.transaction(() => {
      this.stmts.deleteAttempt.run(attemptId);
      this.stmts.clearFailed.run();
      this.stmts.setLockout.run({ level: 0, lockedUntil: 0 });
    }).immediate();
  }

  private lock(level: number, now: number, policy: LockoutPolicy): number {
    const lockedUntil = now + Math.min(policy.maxLockMs, policy.lockMs * 2 ** level);
    this.stmts.setLockout.run({ level: level + 1, lockedUntil });
    // The window restarts after a lockout: the next lockout needs a fresh run of failures.
    this.stmts.clearFailed.run();
    return lockedUntil;
  }

  insertSession(row: SessionRow): void {
    this.stmts.insertSession.run({ ...row, tokenHash: Buffer.from(row.tokenHash) });
  }

  sessionByTokenHash(tokenHash: Uint8Array): SessionRow | undefined {
    return this.stmts.sessionByToken.get(Buffer.from(tokenHash)) as SessionRow | undefined;
  }

  sessions(): SessionRow[] {
    return this.stmts.sessions.all() as SessionRow[];
  }

  touchSession(id: string, now: number): void {
    this.stmts.touch.run(now, id);
  }

  deleteSession(id: string): boolean {
    return this.stmts.deleteSession.run(id).changes === 1;
  }

  deleteExpiredSessions(now: number, idleMs: number): number {
    return this.stmts.deleteExpired.run({ now, idleCutoff: now - idleMs }).changes;
  }
}
