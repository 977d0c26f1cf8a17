// SPDX-License-Identifier: MIT
// /api/v1/auth: setup, login, logout, password change, sessions.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { HttpAppDeps } from '../deps.js';
import type { AuthResponse, SessionsResponse } from '../contract/index.js';
import { changePasswordRequest, hexHash, loginRequest, setupRequest } from '../contract/index.js';
import { parse, sendError } from '../errors.js';
import { clearSessionCookie, setSessionCookie } from '../security.js';
import { clientOf, requireAuth, requireSession } from '../session.js';

export function authRoutes(deps: HttpAppDeps): Router {
  const r = Router();
  // Per-client throttle in front of argon2: the account lockout protects the password, this
  // protects the CPU and keeps one client from burning the lockout allowance of everyone else.
  const limiter = rateLimit({
    windowMs: deps.authRateLimit.windowMs,
    limit: deps.authRateLimit.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + deps.authRateLimit.windowMs) - Date.now()) / 1000));
      deps.logs.auth({ event: 'login', outcome: 'refused', client: clientOf(req), sessionId: null }, null);
      sendError(res, 429, 'AUTH_RATE_LIMITED', `too many attempts from this client: wait ${seconds} s`, seconds);
    },
  });

  r.post('/setup', limiter, async (req, res) => {
    const body = parse(setupRequest, req.body);
    const { token, session } = await deps.auth.setup(body.setupToken, body.password, clientOf(req));
    setSessionCookie(req, res, token, deps.sessionMaxAgeMs);
    res.status(201).json({ session } satisfies AuthResponse);
  });

  r.post('/login', limiter, async (req, res) => {
    const body = parse(loginRequest, req.body);
    const { token, session } = await deps.auth.login(body.password, clientOf(req));
    setSessionCookie(req, res, token, deps.sessionMaxAgeMs);
    res.json({ session } satisfies AuthResponse);
  });

  r.post('/logout', requireAuth, (req, res) => {
    deps.auth.logout(requireSession(res).id, clientOf(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.post('/password', limiter, requireAuth, async (req, res) => {
    const body = parse(changePasswordRequest, req.body);
    await deps.auth.changePassword(requireSession(res).id, body.currentPassword, body.newPassword, clientOf(req));
    res.status(204).end();
  });

  r.get('/sessions', requireAuth, (_req, res) => {
    res.json({ sessions: deps.auth.listSessions(requireSession(res).id) } satisfies SessionsResponse);
  });

  r.delete('/sessions/:id', requireAuth, (req, res) => {
    const id = parse(hexHash, req.params.id);
    const current = requireSession(res);
    deps.auth.revokeSession(id, { sessionId: current.id, client: clientOf(req) });
    if (id === current.id) clearSessionCookie(req, res);
    res.status(204).end();
  });
  return r;
}
