// SPDX-License-Identifier: MIT
// Resolving the session cookie on every request, and the gate in front of authenticated routes.
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AuthService, ClientInfo, SessionRecord } from '../app/auth.service.js';
import { sendError } from './errors.js';
import { readCookie, sessionCookieName } from './security.js';

export type Session = Omit<SessionRecord, 'tokenHash'>;

export function loadSession(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req.get('cookie'), sessionCookieName(req.secure));
    const row = auth.authenticate(token);
    res.locals.session = row ? { ...row, tokenHash: undefined } : null;
    next();
  };
}

export function currentSession(res: Response): Session | null {
  return (res.locals.session as Session | null | undefined) ?? null;
}

export function requireSession(res: Response): Session {
  const s = currentSession(res);
  if (!s) throw new Error('requireAuth middleware missing');
  return s;
}

export const requireAuth: RequestHandler = (_req, res, next) => {
  if (!currentSession(res)) return sendError(res, 401, 'AUTH_REQUIRED', 'log in first');
  next();
};

export function clientOf(req: Request): ClientInfo {
  return { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: (req.get('user-agent') ?? '').slice(0, 256) };
}

/** A short, non-reversible tag of a session id for logs (the id itself can revoke the session). */
export function sessionTag(sessionId: string | null | undefined): string | null {
  return sessionId ? createHash('sha256').update(sessionId).digest('hex').slice(0, 16) : null;
}
