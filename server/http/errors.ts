// SPDX-License-Identifier: MIT
// The only place where errors become HTTP statuses and `{error: {code, message}}` bodies. No stack
// or internal detail ever reaches a client.
import type { ErrorRequestHandler, Response } from 'express';
import type * as z from 'zod';
import { AppError } from '../app/errors.js';
import type { AppErrorKind } from '../app/errors.js';
import type { Logger } from '../logging/logger.js';

const STATUS: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  locked: 423,
  'rate-limited': 429,
  unavailable: 503,
};

export function sendError(res: Response, status: number, code: string, message: string, retryAfterSeconds?: number): void {
  if (retryAfterSeconds !== undefined) res.set('Retry-After', String(retryAfterSeconds));
  res.status(status).json({ error: { code, message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } });
}

/** Parses untrusted input with a schema, turning the first issue into a 400 with its field path. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('invalid', 'VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid input'}`);
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      sendError(res, STATUS[error.kind], error.code, error.message, error.retryAfterSeconds);
      return;
    }
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'INVALID_JSON', 'request body is not valid JSON');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'BAD_REQUEST', 'bad request');
    log.error(`unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    sendError(res, 500, 'INTERNAL', 'internal error');
  };
}
