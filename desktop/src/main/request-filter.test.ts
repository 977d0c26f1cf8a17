// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { isAllowedRequest } from './request-filter.js';

const app = 'http://127.0.0.1:41234';

describe('request filter', () => {
  it('allows the backend, its WebSocket, its blobs and data: URLs', () => {
    expect(isAllowedRequest(`${app}/api/v1/status`, app)).toBe(true);
    expect(isAllowedRequest(`${app}/assets/index.js`, app)).toBe(true);
    expect(isAllowedRequest('ws://127.0.0.1:41234/api/v1/ws', app)).toBe(true);
    expect(isAllowedRequest(`blob:${app}/6f1c2a9e-0000-4000-8000-000000000000`, app)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', app)).toBe(true);
  });

  it('blocks every other host, port, scheme and file access', () => {
    for (const url of [
      'https://tracker.example/pixel.gif',
      'http://127.0.0.1:41235/',
      'http://localhost:41234/',
      'https://127.0.0.1:41234/',
      'wss://127.0.0.1:41234/api/v1/ws',
      'ws://127.0.0.1:9999/',
      'ws://evil.example:41234/',
      'blob:https://evil.example/123',
      'file:///etc/passwd',
      'ftp://127.0.0.1:41234/',
      'chrome://gpu',
      'lxm://abc',
    ]) {
      expect(isAllowedRequest(url, app), url).toBe(false);
    }
  });

  it('allows only data: while no backend is running', () => {
    expect(isAllowedRequest('data:text/html;base64,PHA+', 'null-origin:')).toBe(true);
    expect(isAllowedRequest(`${app}/`, 'null-origin:')).toBe(false);
  });
});
