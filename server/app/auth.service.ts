// SPDX-License-Identifier: MIT
// The single owner account: first-run setup (one-time token), login with lockout, sessions.
// Threats handled here: online guessing (lockout, enforced before argon2 runs so concurrent guesses
// are counted), session theft from a database copy (only SHA-256 of tokens is stored), and stale
// sessions (idle and absolute expiry, revocation on logout and password change).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthRepository, LockoutPolicy, SessionRow } from '../storage/repositories/auth.repository.js';
import { AppError } from './errors.js';

export type { SessionRow as SessionRecord } from '../storage/repositories/auth.repository.js';
import type { EventBus } from './events.js';
import type { Argon2Params } from './password.js';
import { hashPassword, verifyPassword } from './password.js';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export type AuthEventName = 'setup' | 'login' | 'lockout' | 'logout' | 'password-change' | 'session-revoke' | 'identity-export' | 'identity-import' | 'integrity-acknowledge';

export interface AuthEvent {
  event: AuthEventName;
  outcome: 'ok' | 'failed' | 'refused';
  client: ClientInfo;
  sessionId: string | null;
}

export interface AuthOptions {
  argon2: Argon2Params;
  lockout: LockoutPolicy;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
}

export const DEFAULT_LOCKOUT: Readonly<LockoutPolicy> = Object.freeze({
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxLockMs: 24 * 60 * 60_000,
});

export interface NewSession {
  /** The cookie value. Shown once; only its hash is stored. */
  token: string;
  session: SessionView;
}

export interface SessionView {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  clientIp: string;
  userAgent: string;
  current: boolean;
}

/** Session tokens are 256-bit random values, base64url without padding (43 characters). */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is rewritten at most this often, so reads do not turn into a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Retry-After when the allowance is held by checks still running (they take well under a second). */
const BUSY_RETRY_SECONDS = 1;

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface AuthComponents {
  repo: AuthRepository;
  events: EventBus;
  clock: () => number;
  onAuthEvent: (event: AuthEvent) => void;
}

export class AuthService {
  private setupTokenHash: Uint8Array | null = null;

  constructor(
    private readonly c: AuthComponents,
    private readonly options: AuthOptions,
  ) {}

  isSetUp(): boolean {
    return this.c.repo.passwordHash() !== undefined;
  }

  /** Creates the one-time setup token (only while no password is set). Returns it once. */
  issueSetupToken(): string {
    if (this.isSetUp()) throw new AppError('conflict', 'SETUP_DONE', 'the node already has a password');
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    this.setupTokenHash = sha256(token);
    return token;
  }

  async setup(setupToken: string, password: string, client: ClientInfo): Promise<NewSession> {
    if (this.isSetUp()) {
      this.c.onAuthEvent({ event: 'setup', outcome: 'refused', client, sessionId: null });
      throw new AppError('conflict', 'SETUP_DONE', 'the node already has a password; log in instead');
    }
    const expected = this.setupTokenHash;
    if (!expected || !timingSafeEqual(sha256(setupToken), expected)) {
      this.c.onAuthEvent({ event: 'setup', outcome: 'failed', client, sessionId: null });
      throw new AppError('forbidden', 'SETUP_TOKEN_INVALID', 'the setup token is wrong: use the one printed in the server console or stored in the data directory');
    }
    const hash = await hashPassword(password, this.options.argon2);
    // Re-check after the await: two setup requests may have raced through the hashing.
    if (this.isSetUp() || this.setupTokenHash !== expected) throw new AppError('conflict', 'SETUP_DONE', 'the node already has a password');
    this.setupTokenHash = null;
    this.c.repo.setPassword(hash, this.c.clock());
    const created = this.createSession(client);
    this.c.onAuthEvent({ event: 'setup', outcome: 'ok', client, sessionId: created.session.id });
    return created;
  }

  /** Sets the password without a session (the `strand passwd` CLI); revokes every session. */
  async setPasswordOffline(password: string): Promise<void> {
    this.c.repo.setPassword(await hashPassword(password, this.options.argon2), this.c.clock());
    this.setupTokenHash = null;
    this.c.events.emit('session.revoked', { sessionId: null });
  }

  async login(password: string, client: ClientInfo): Promise<NewSession> {
    const stored = this.c.repo.passwordHash();
    if (!stored) throw new AppError('conflict', 'SETUP_REQUIRED', 'the node has no password yet: complete setup first');
    await this.checkPassword(stored.hash, password, client, 'login');
    const created = this.createSession(client);
    this.c.onAuthEvent({ event: 'login', outcome: 'ok', client, sessionId: created.session.id });
    return created;
  }

  async changePassword(sessionId: string, current: string, next: string, client: ClientInfo): Promise<void> {
    const stored = this.c.repo.passwordHash();
    if (!stored) throw new AppError('conflict', 'SETUP_REQUIRED', 'the node has no password yet');
    await this.checkPassword(stored.hash, current, client, 'password-change');
    this.c.repo.setPassword(await hashPassword(next, this.options.argon2), this.c.clock(), sessionId);
    this.c.onAuthEvent({ event: 'password-change', outcome: 'ok', client, sessionId });
    this.c.events.emit('session.revoked', { sessionId: null });
  }

  /** Resolves a cookie token to its live session, or null (unknown, idle or expired). */
  authenticate(token: string | undefined): SessionRow | null {
    if (!token || !TOKEN_PATTERN.test(token)) return null;
    const row = this.c.repo.sessionByTokenHash(sha256(Buffer.from(token, 'base64url')));
    if (!row) return null;
    const now = this.c.clock();
    if (now >= row.expiresAt || now - row.lastSeenAt >= this.options.sessionIdleMs) {
      this.c.repo.deleteSession(row.id);
      return null;
    }
    if (now - row.lastSeenAt >= TOUCH_INTERVAL_MS) this.c.repo.touchSession(row.id, now);
    return row;
  }

  logout(sessionId: string, client: ClientInfo): void {
    this.c.repo.deleteSession(sessionId);
    this.c.onAuthEvent({ event: 'logout', outcome: 'ok', client, sessionId });
    this.c.events.emit('session.revoked', { sessionId });
  }

  listSessions(currentId: string): SessionView[] {
    return this.c.repo.sessions().map(({ tokenHash: _t, ...s }) => ({ ...s, current: s.id === currentId }));
  }

  revokeSession(id: string, by: { sessionId: string; client: ClientInfo }): void {
    if (!this.c.repo.deleteSession(id)) throw new AppError('not-found', 'NOT_FOUND', 'session not found');
    this.c.onAuthEvent({ event: 'session-revoke', outcome: 'ok', client: by.client, sessionId: by.sessionId });
    this.c.events.emit('session.revoked', { sessionId: id });
  }

  /** Deletes expired sessions; returns how many. */
  sweepSessions(): number {
    return this.c.repo.deleteExpiredSessions(this.c.clock(), this.options.sessionIdleMs);
  }

  private async checkPassword(hash: string, password: string, client: ClientInfo, event: AuthEventName): Promise<void> {
    const policy = this.options.lockout;
    const reservation = this.c.repo.reserveAttempt(client.ip, this.c.clock(), policy);
    if (!reservation.ok) {
      this.c.onAuthEvent({ event, outcome: 'refused', client, sessionId: null });
      if (reservation.reason === 'busy') {
        throw new AppError('rate-limited', 'AUTH_RATE_LIMITED', 'too many password checks in progress: try again in a moment', BUSY_RETRY_SECONDS);
      }
      throw this.lockedError(reservation.lockedUntil);
    }
    if (await verifyPassword(hash, password)) {
      this.c.repo.recordSuccess(reservation.attemptId);
      return;
    }
    const lockedUntil = this.c.repo.recordFailure(reservation.attemptId, this.c.clock(), policy);
    this.c.onAuthEvent({ event, outcome: 'failed', client, sessionId: null });
    if (lockedUntil > 0) {
      this.c.onAuthEvent({ event: 'lockout', outcome: 'ok', client, sessionId: null });
      throw this.lockedError(lockedUntil);
    }
    throw new AppError('unauthenticated', 'AUTH_INVALID', 'wrong password');
  }

  private lockedError(lockedUntil: number): AppError {
    const seconds = Math.max(1, Math.ceil((lockedUntil - this.c.clock()) / 1000));
    return new AppError('locked', 'AUTH_LOCKED', `too many failed attempts: login is locked for ${seconds} s`, seconds);
  }

  private createSession(client: ClientInfo): NewSession {
    const now = this.c.clock();
    const tokenBytes = randomBytes(TOKEN_BYTES);
    const row: SessionRow = {
      id: randomBytes(16).toString('hex'),
      tokenHash: sha256(tokenBytes),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.options.sessionAbsoluteMs,
      clientIp: client.ip.slice(0, 64),
      userAgent: client.userAgent.slice(0, 256),
    };
    this.c.repo.insertSession(row);
    const { tokenHash: _t, ...session } = row;
    return { token: tokenBytes.toString('base64url'), session: { ...session, current: true } };
  }
}
