// SPDX-License-Identifier: MIT
import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from './errors.js';
import { createHttpClient, parseRetryAfter } from './http.js';
import { createFakeServer } from '../test-support/fake-server.js';

describe('http client', () => {
  it('sends the CSRF header and same-origin credentials on unsafe requests only', async () => {
    const server = createFakeServer();
    const http = createHttpClient({ fetch: server.fetch });
    await http.get('/api/v1/status');
    await http.send('POST', '/api/v1/auth/login', { password: server.state.password });
    const [get, post] = server.requests;
    expect(get?.headers['X-Strand-CSRF']).toBeUndefined();
    expect(get?.credentials).toBe('same-origin');
    expect(post?.headers['X-Strand-CSRF']).toBe('1');
    expect(post?.headers['Content-Type']).toBe('application/json');
    expect(post?.credentials).toBe('same-origin');
    expect(post?.body).toEqual({ password: server.state.password });
  });

  it('turns an error body into an ApiError with code, message and retry time', async () => {
    const server = createFakeServer({ loginFailure: { status: 423, code: 'AUTH_LOCKED', retryAfterSeconds: 90 } });
    const http = createHttpClient({ fetch: server.fetch });
    const err = await http.send('POST', '/api/v1/auth/login', { password: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 423, code: 'AUTH_LOCKED', message: 'try later', retryAfterSeconds: 90 });
  });

  it('falls back to the Retry-After header and an HTTP_<status> code for non-JSON errors', async () => {
    const http = createHttpClient({
      fetch: async () => new Response('<html>busy</html>', { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '12' } }),
    });
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const err = await http.get('/api/v1/status').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 'HTTP_429', retryAfterSeconds: 12 });
  });

  it('wraps transport failures in NetworkError', async () => {
    const http = createHttpClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const err = await http.get('/api/v1/status').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('WEB_ERR_NETWORK');
  });

  it('reports a 401 outside the auth endpoints as a lost session, but not a failed login', async () => {
    const onUnauthorized = vi.fn();
    const server = createFakeServer();
    const http = createHttpClient({
      onUnauthorized,
      fetch: async (input, init) =>
        input === '/api/v1/peers' ? new Response(JSON.stringify({ error: { code: 'AUTH_REQUIRED', message: 'sign in' } }), { status: 401 }) : server.fetch(input, init),
    });
    await expect(http.send('POST', '/api/v1/auth/login', { password: 'wrong' })).rejects.toMatchObject({ code: 'AUTH_INVALID' });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(http.get('/api/v1/peers')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('returns undefined for 204 and parsed JSON otherwise', async () => {
    const server = createFakeServer({ authenticated: true });
    const http = createHttpClient({ fetch: server.fetch });
    expect(await http.send('POST', '/api/v1/auth/logout')).toBeUndefined();
    expect(await http.get('/api/v1/status')).toMatchObject({ name: 'strand', authenticated: false });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and rejects garbage', () => {
    const now = Date.parse('2026-11-22T06:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sun, 22 Nov 2026 06:01:05 GMT', now)).toBe(65);
    expect(parseRetryAfter('Sun, 22 Nov 2026 05:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
