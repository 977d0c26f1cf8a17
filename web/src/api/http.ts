// SPDX-License-Identifier: MIT
// The one place that calls fetch(). Every unsafe request carries `X-Strand-CSRF: 1`: the server
// refuses state-changing requests without it, and a cross-site form post cannot set custom headers.
import { ApiError, NetworkError } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  /** Prefix for every path; '' means same origin as the page. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Called when any request answers 401 outside the auth endpoints (the session ended). */
  onUnauthorized?: () => void;
}

export interface HttpClient {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<unknown>;
}

/** Parses a `Retry-After` header (delta-seconds or HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function toApiError(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || `HTTP ${res.status}`;
  let retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  try {
    const body: unknown = await res.json();
    const err = isRecord(body) ? body['error'] : undefined;
    if (isRecord(err)) {
      if (typeof err['code'] === 'string') code = err['code'];
      if (typeof err['message'] === 'string') message = err['message'];
      if (typeof err['retryAfterSeconds'] === 'number') retryAfter = err['retryAfterSeconds'];
    }
  } catch (cause) {
    // Not JSON (a proxy's HTML error page): keep the status-derived code, but say so in dev tools.
    console.debug('error body is not JSON', cause);
  }
  return new ApiError(res.status, code, message, retryAfter);
}

/** Creates the HTTP client. Cookies are sent same-origin only; the session is the cookie. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const base = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-Strand-CSRF'] = '1';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (signal) init.signal = signal;
    let res: Response;
    try {
      res = await doFetch(base + path, init);
    } catch (cause) {
      throw new NetworkError(cause instanceof Error ? cause.message : 'network error', { cause });
    }
    if (!res.ok) {
      const err = await toApiError(res);
      if (res.status === 401 && !path.startsWith('/api/v1/auth/')) options.onUnauthorized?.();
      throw err;
    }
    if (res.status === 204) return undefined;
    const text = await res.text();
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  return {
    get: (path, signal) => request('GET', path, undefined, signal),
    send: (method, path, body, signal) => request(method, path, body, signal),
  };
}
