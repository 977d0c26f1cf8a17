// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db.js';
import type { TempDb } from '../test-support/temp-db.js';
import { tempDb } from '../test-support/temp-db.js';
import type { LockoutPolicy } from './auth.repository.js';
import { AuthRepository } from './auth.repository.js';

const POLICY: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 24 * 3600_000 };
let t: TempDb;
let repo: AuthRepository;
beforeEach(() => {
  t = tempDb();
  repo = new AuthRepository(t.db);
});
afterEach(() => t.cleanup());

function fail(now: number): number {
  const r = repo.reserveAttempt('1.2.3.4', now, POLICY);
  if (!r.ok) return r.reason === 'locked' ? r.lockedUntil : -1;
  return repo.recordFailure(r.attemptId, now, POLICY);
}

describe('AuthRepository lockout', () => {
  it('locks after 5 failures in the window, doubles on repeat, and resets on success', () => {
    for (let i = 0; i < 4; i++) expect(fail(1000 + i)).toBe(0);
    expect(fail(1005)).toBe(1005 + POLICY.lockMs);
    expect(repo.reserveAttempt('x', 2000, POLICY)).toEqual({ ok: false, reason: 'locked', lockedUntil: 1005 + POLICY.lockMs });
    const after = 1005 + POLICY.lockMs;
    for (let i = 0; i < 4; i++) expect(fail(after + i)).toBe(0);
    expect(fail(after + 4)).toBe(after + 4 + 2 * POLICY.lockMs);
    const later = after + 4 + 2 * POLICY.lockMs;
    const ok = repo.reserveAttempt('x', later, POLICY);
    expect(ok.ok).toBe(true);
    if (ok.ok) repo.recordSuccess(ok.attemptId);
    for (let i = 0; i < 4; i++) expect(fail(later + i)).toBe(0);
    expect(fail(later + 4)).toBe(later + 4 + POLICY.lockMs);
  });

  it('forgets failures older than the window', () => {
    for (let i = 0; i < 4; i++) fail(i);
    expect(fail(POLICY.windowMs + 10)).toBe(0);
  });

  it('counts reserved (still unchecked) attempts, so concurrent guesses cannot exceed the allowance', () => {
    const reservations = Array.from({ length: 8 }, () => repo.reserveAttempt('x', 100, POLICY));
    expect(reservations.filter((r) => r.ok)).toHaveLength(5);
    // Busy, not locked: the checks in flight may all be the right password.
    expect(reservations.slice(5)).toEqual([{ ok: false, reason: 'busy' }, { ok: false, reason: 'busy' }, { ok: false, reason: 'busy' }]);
    expect(repo.lockedUntil(100)).toBe(0);
    const ids = reservations.flatMap((r) => (r.ok ? [r.attemptId] : []));
    // A settled check frees its slot for the next one, and only one.
    repo.recordSuccess(ids[0] ?? 0);
    expect(repo.reserveAttempt('x', 100, POLICY).ok).toBe(true);
    expect(repo.reserveAttempt('x', 100, POLICY)).toEqual({ ok: false, reason: 'busy' });
  });

  it('keeps the lockout across a reopen of the database file', () => {
    for (let i = 0; i < 5; i++) fail(10);
    t.db.close();
    t.db = openDatabase(t.file);
    expect(new AuthRepository(t.db).lockedUntil(20)).toBe(10 + POLICY.lockMs);
  });
});

describe('AuthRepository sessions', () => {
  const session = (id: string, now: number, expiresAt: number) => ({
    id, tokenHash: new Uint8Array(32).fill(id.charCodeAt(0)), createdAt: now, lastSeenAt: now, expiresAt, clientIp: '::1', userAgent: 'ua',
  });

  it('finds sessions by token hash, expires idle and absolute ones, revokes others on password change', () => {
    repo.insertSession(session('a', 0, 5000));
    repo.insertSession(session('b', 0, 5000));
    repo.insertSession(session('c', 500, 1000));
    expect(repo.sessionByTokenHash(new Uint8Array(32).fill(97))?.id).toBe('a');
    repo.touchSession('b', 900);
    // a is idle (last seen before 1000 - 200), c reached its absolute expiry.
    expect(repo.deleteExpiredSessions(1000, 200)).toBe(2);
    expect(repo.sessions().map((s) => s.id)).toEqual(['b']);
    repo.insertSession(session('d', 1000, 5000));
    repo.setPassword('hash', 1, 'd');
    expect(repo.sessions().map((s) => s.id)).toEqual(['d']);
    repo.setPassword('hash2', 2);
    expect(repo.sessions()).toEqual([]);
    expect(repo.passwordHash()).toEqual({ hash: 'hash2', changedAt: 2 });
  });
});
