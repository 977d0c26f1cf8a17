// SPDX-License-Identifier: MIT
// Authentication endpoints: one-time setup, login/logout, password change, sessions.
import type { HttpClient } from './http.js';
import { bool, list, optStr, record, str } from './parse.js';

export interface SessionInfo {
  id: string;
  /** Epoch milliseconds or an ISO string, as the server sends it; formatDateTime() takes both. */
  createdAt: number | string;
  lastSeenAt: number | string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

function time(v: unknown): number | string {
  return typeof v === 'number' || typeof v === 'string' ? v : '';
}

function parseSession(v: unknown): SessionInfo {
  const o = record(v, 'session');
  return {
    id: str(o, 'id', 'session'),
    createdAt: time(o['createdAt']),
    lastSeenAt: time(o['lastSeenAt']),
    userAgent: optStr(o, 'userAgent'),
    ip: optStr(o, 'clientIp') ?? optStr(o, 'ip'),
    current: bool(o, 'current', 'session'),
  };
}

export function createAuthApi(http: HttpClient) {
  return {
    async setup(setupToken: string, password: string): Promise<void> {
      await http.send('POST', '/api/v1/auth/setup', { setupToken, password });
    },
    async login(password: string): Promise<void> {
      await http.send('POST', '/api/v1/auth/login', { password });
    },
    async logout(): Promise<void> {
      await http.send('POST', '/api/v1/auth/logout');
    },
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      await http.send('POST', '/api/v1/auth/password', { currentPassword, newPassword });
    },
    async sessions(): Promise<SessionInfo[]> {
      return list(await http.get('/api/v1/auth/sessions'), 'sessions', 'sessions').map(parseSession);
    },
    async revokeSession(id: string): Promise<void> {
      await http.send('DELETE', `/api/v1/auth/sessions/${encodeURIComponent(id)}`);
    },
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
