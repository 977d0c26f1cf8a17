// SPDX-License-Identifier: MIT
// Response headers (helmet with a strict CSP), CSRF checks on unsafe methods, and the session cookie.
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { CSRF_HEADER } from './contract/index.js';
import { sendError } from './errors.js';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
} as const;

const PERMISSIONS_POLICY = 'camera=(), geolocation=(), microphone=(self), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // HSTS only makes sense (and is only honoured) over HTTPS: set below per request.
      strictTransportSecurity: false,
    }),
    (req, res, next) => {
      res.set('Permissions-Policy', PERMISSIONS_POLICY);
      if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000');
      next();
    },
  ];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin this request was addressed to, as a browser would write it in `Origin`. */
export function expectedOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * Unsafe methods need the custom header (a cross-site form or a simple fetch cannot send it without
 * a CORS preflight, which we never grant) and a same-origin `Origin` or `Sec-Fetch-Site`.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.get(CSRF_HEADER) !== '1') return sendError(res, 403, 'CSRF_HEADER_MISSING', `unsafe requests must send the header ${CSRF_HEADER}: 1`);
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    if (origin !== undefined) {
      if (origin !== expectedOrigin(req)) return sendError(res, 403, 'CSRF_ORIGIN_MISMATCH', 'cross-origin request refused');
    } else if (site !== undefined) {
      if (site !== 'same-origin') return sendError(res, 403, 'CSRF_ORIGIN_MISMATCH', 'cross-site request refused');
    } else {
      return sendError(res, 403, 'CSRF_ORIGIN_MISSING', 'unsafe requests must carry an Origin or Sec-Fetch-Site header');
    }
    next();
  };
}

/** `__Host-` binds the cookie to this exact host over HTTPS; browsers refuse it without Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-strand_session' : 'strand_session';
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  res.cookie(sessionCookieName(req.secure), token, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure, maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(sessionCookieName(req.secure), { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
}

/** Downloads never render in our origin: attachment disposition, sandboxed, sanitized name. */
export function setDownloadHeaders(res: Response, name: string): void {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.set('Content-Security-Policy', "sandbox; default-src 'none'");
}
