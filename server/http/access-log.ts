// SPDX-License-Identifier: MIT
// One access-log row per request, written when the response finishes. Query values are never
// logged (they can carry search text or tokens): only their names.
import type { RequestHandler } from 'express';
import type { LogsService } from '../app/logs.service.js';
import { clientOf, currentSession, sessionTag } from './session.js';

export function loggablePath(originalUrl: string): string {
  const [path = '', query] = originalUrl.split('?', 2);
  const keys = query ? [...new URLSearchParams(query).keys()] : [];
  return (keys.length > 0 ? `${path}?${keys.map((k) => `${k}=…`).join('&')}` : path).slice(0, 512);
}

export function accessLog(logs: LogsService): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      logs.request({
        clientIp: clientOf(req).ip,
        method: req.method,
        path: loggablePath(req.originalUrl),
        status: res.statusCode,
        durationMs: performance.now() - start,
        userAgent: clientOf(req).userAgent,
        session: sessionTag(currentSession(res)?.id),
      });
    });
    next();
  };
}
