// SPDX-License-Identifier: MIT
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crashPage, dataUrl, escapeHtml, loadingPage, localPageCsp } from './local-pages.js';
import { createWindowOptions } from './window-options.js';

describe('window options factory', () => {
  it('hardens every window the same way', () => {
    const w = createWindowOptions({ preloadPath: '/app/preload.cjs', packaged: true }).webPreferences;
    expect(w).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('enables DevTools only in an unpackaged run', () => {
    expect(createWindowOptions({ preloadPath: '/p', packaged: false }).webPreferences.devTools).toBe(true);
  });
});

describe('local pages', () => {
  it('carry a CSP that allows no script and only their own hashed style', () => {
    const csp = localPageCsp();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = loadingPage();
    const style = /<style>(.*)<\/style>/s.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it('escapes backend log lines on the crash page', () => {
    const html = crashPage('the backend exited unexpectedly (code 1)', ['ok line', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>']);
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('code 1');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('encodes pages as base64 data URLs', () => {
    const url = dataUrl('<p>é</p>');
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1] ?? '', 'base64').toString('utf8')).toBe('<p>é</p>');
  });
});
