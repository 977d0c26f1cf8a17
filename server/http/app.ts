// SPDX-License-Identifier: MIT
// The HTTP application: routes and middleware only; sockets are opened by the caller.
import express from 'express';
import type { Express } from 'express';
import type { StatusResponse } from './contract/index.js';
import { API_PREFIX } from './contract/index.js';
import type { HttpAppDeps } from './deps.js';
import { accessLog } from './access-log.js';
import { errorMiddleware, sendError } from './errors.js';
import { authRoutes } from './routes/auth.routes.js';
import { integrityRoutes } from './routes/integrity.routes.js';
import { interfacesRoutes } from './routes/interfaces.routes.js';
import { messagesRoutes, SEND_BODY_LIMIT } from './routes/messages.routes.js';
import { nodeRoutes } from './routes/node.routes.js';
import { identityRoutes } from './routes/identity.routes.js';
import { hostCheck } from './host-check.js';
import { csrfProtection, securityHeaders } from './security.js';
import { currentSession, loadSession, requireAuth } from './session.js';
import { staticUi } from './static.js';

export type { HttpAppDeps } from './deps.js';
/** Default JSON body limit; the message send route raises it for attachments. */
export const JSON_BODY_LIMIT = '64kb';

/** Builds the Express application. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // X-Forwarded-For/-Proto are honoured only when the direct peer is a configured proxy.
  app.set('trust proxy', deps.trustedProxies.length > 0 ? [...deps.trustedProxies] : false);
  app.use(securityHeaders());
  app.use(loadSession(deps.auth));
  app.use(accessLog(deps.logs));
  app.use(hostCheck(deps.allowedHosts ?? []));
  app.get('/robots.txt', (_req, res) => void res.type('text/plain').send('User-agent: *\nDisallow: /\n'));

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(csrfProtection());
  api.get('/status', (_req, res) => {
    const reticulum = deps.reticulum();
    const body: StatusResponse = {
      name: 'strand',
      version: deps.version,
      commit: deps.commit,
      setupRequired: !deps.auth.isSetUp(),
      authenticated: currentSession(res) !== null,
      integrity: deps.integrity
        ? {
            status: deps.integrity.status, mode: deps.integrity.mode, summary: deps.integrity.summary,
            problemCount: deps.integrity.problems.length, overrideRequested: deps.integrity.overrideRequested, checkedAt: deps.integrity.checkedAt,
          }
        : null,
      reticulum: reticulum.available
        ? { running: true, ...(reticulum.sharedInstance ? { sharedInstance: reticulum.sharedInstance } : {}) }
        : { running: false, reason: reticulum.reason ?? 'not running' },
    };
    res.json(body);
  });
  // Only the send route needs a large body; it parses its own before this one runs.
  api.post('/messages', requireAuth, express.json({ limit: SEND_BODY_LIMIT, strict: true }));
  const authenticated = express.Router();
  authenticated.use(requireAuth);
  authenticated.use(messagesRoutes(deps));
  authenticated.use(nodeRoutes(deps));
  authenticated.use(identityRoutes(deps));
  authenticated.use(interfacesRoutes(deps.interfaces));
  authenticated.use(integrityRoutes(deps));
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use('/auth', authRoutes(deps));
  api.use(authenticated);
  api.use((_req, res) => sendError(res, 404, 'NOT_FOUND', 'no such endpoint'));
  app.use(API_PREFIX, api);
  app.use(staticUi(deps.webRoot));
  app.use(errorMiddleware(deps.log));
  return app;
}
