// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { createFakeServer, createTestContext } from '../test-support/fake-server.js';
import { useSessionStore } from './session.js';

describe('session store', () => {
  it('walks setup → logout → failed login → login, tracking status from the server', async () => {
    const server = createFakeServer({ setupRequired: true });
    const { pinia, app } = createTestContext(server.fetch);
    const session = app.runWithContext(() => useSessionStore(pinia));
    await session.refresh();
    expect(session.setupRequired).toBe(true);

    await session.setup('SETUP-TOKEN-1', 'a long new password');
    expect(session.setupRequired).toBe(false);
    expect(session.authenticated).toBe(true);

    await session.logout();
    expect(session.authenticated).toBe(false);
    await expect(session.login('nope')).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(session.authenticated).toBe(false);
    await session.login('a long new password');
    expect(session.authenticated).toBe(true);
  });

  it('loads sessions (wrapped or bare list) and removes a revoked one', async () => {
    const server = createFakeServer({ authenticated: true });
    const { pinia, app } = createTestContext(server.fetch);
    const session = app.runWithContext(() => useSessionStore(pinia));
    await session.loadSessions();
    expect(session.sessions.map((s) => s.id)).toEqual(['s1', 's2']);
    await session.revokeSession('s2');
    expect(session.sessions.map((s) => s.id)).toEqual(['s1']);
    expect(server.state.sessions.map((s) => s.id)).toEqual(['s1']);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/auth/sessions/s2' });
  });

  it('markSignedOut clears the session without a request', async () => {
    const server = createFakeServer({ authenticated: true });
    const { pinia, app } = createTestContext(server.fetch);
    const session = app.runWithContext(() => useSessionStore(pinia));
    await session.refresh();
    const before = server.requests.length;
    session.markSignedOut();
    expect(session.authenticated).toBe(false);
    expect(server.requests.length).toBe(before);
  });
});
