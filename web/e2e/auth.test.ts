// SPDX-License-Identifier: MIT
// The sign-in lifecycle in a real Chromium against a real Strand server: first-run setup with the
// token the server wrote, the app shell and About screen, logout, login, sessions, failed logins
// and the lockout message. Any CSP violation or console error fails the test.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertClean, httpStatusLine, launchBrowser, openPage, SCREENSHOT_DIR, screenshot, startServer } from './harness.js';
import type { RunningServer } from './harness.js';

const PASSWORD = 'e2e correct horse battery';
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 720 }, colorScheme: 'light' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('web UI in Chromium against a real server', () => {
  it('serves an index.html with no inline script or style, under the strict CSP', async () => {
    const res = await fetch(server.url);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('records CSP violations (the guard every other test relies on is live)', async () => {
    const { page, problems } = await openPage(context);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up this node' }).waitFor();
    // An injected inline script must be blocked by the server's CSP and reported to the recorder.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(() => problems.csp.length).toBeGreaterThan(0);
    expect(problems.csp[0]).toContain('script-src');
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    await page.close();
  });

  it('sets up with the one-time token, shows the app and About, signs out and back in', async () => {
    const { page, problems } = await openPage(context);
    await page.goto('/about');
    await page.getByRole('heading', { name: 'Set up this node' }).waitFor();
    await screenshot(page, 'setup');

    const token = server.setupToken();
    expect(token).toMatch(/^\S{16,}$/);
    await page.getByLabel('Setup token').fill(token ?? '');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create password' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(server.setupToken()).toBeNull();

    await page.getByTestId('nav-about').click();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    expect(await page.getByTestId('about-version').textContent()).toMatch(/^strand \d+\.\d+\.\d+/);
    expect(await page.getByTestId('about-integrity').textContent()).toContain('Verified');
    await page.getByTestId('connection-state').getByText('Live').waitFor();
    await screenshot(page, 'about');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('session-row').first().waitFor();
    expect(await page.getByTestId('session-row').count()).toBe(1);
    expect(await page.getByTestId('session-row').first().textContent()).toContain('This browser');
    await screenshot(page, 'settings');

    await page.getByTestId('logout').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'login');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();

    // The screens backed by the node API render against the real server without errors.
    await page.getByTestId('nav-profile').click();
    await page.getByLabel('Display name').fill('E2E Node');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(page, 'profile');
    await page.getByTestId('nav-logs').click();
    await page.getByRole('tab', { name: 'Access log' }).click();
    await page.getByTestId('access-row').first().waitFor();
    expect(await page.getByTestId('access-row').filter({ hasText: 'login' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'logs');
    await page.getByTestId('nav-conversations').click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByTestId('nav-peers').click();
    await page.getByText('No announces heard yet.').waitFor();
    // A message to a peer the node has never heard is queued until Reticulum finds a path.
    await page.goto(`/conversations/${'ab'.repeat(16)}`);
    await page.getByLabel('Message').fill('hello over the mesh');
    await page.getByLabel('Message').press('Enter');
    await page.getByTestId('message').filter({ hasText: 'hello over the mesh' }).waitFor();
    await screenshot(page, 'conversation');
    await page.getByTestId('nav-conversations').click();
    await page.getByTestId('conversation-row').first().waitFor();
    expect(await page.getByTestId('conversation-row').first().textContent()).toContain('hello over the mesh');
    await page.getByTestId('nav-propagation').click();
    await page.getByText('No propagation nodes heard yet.').waitFor();
    await page.getByLabel('Sync automatically').selectOption('3600');
    await page.getByTestId('nav-contacts').click();
    await page.getByText('No contacts yet.', { exact: false }).waitFor();
    await page.getByTestId('nav-propagation').click();
    expect(await page.getByLabel('Sync automatically').inputValue()).toBe('3600');

    // Dark theme and phone width, for the screenshots and to exercise the responsive drawer.
    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.setViewportSize({ width: 390, height: 760 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByTestId('nav-about').click();
    await page.getByRole('heading', { name: 'About' }).waitFor();
    await screenshot(page, 'about-dark-phone');
    await page.getByTestId('theme-toggle').click();

    assertClean(problems);
    await page.close();
  });

  it('says "wrong password" on failed logins, then shows the lockout with the time to retry', async () => {
    const fresh = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 720 }, colorScheme: 'light' });
    const { page, problems } = await openPage(fresh);
    // Chromium logs every 401/423/429 answer itself; those lines are the expected outcome here.
    problems.expected.push(httpStatusLine(401), httpStatusLine(423), httpStatusLine(429));
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const message = page.getByTestId('login-message');

    /** Submits one password and returns the HTTP status the server answered. */
    const attempt = async (password: string): Promise<number> => {
      await page.getByLabel('Password', { exact: true }).fill(password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      return response.status();
    };

    expect(await attempt('not the password')).toBe(401);
    await expect.poll(() => message.textContent()).toContain('Wrong password.');

    // The server locks sign-in after a handful of failures; keep failing until it says so.
    let status = 401;
    for (let i = 0; i < 8 && status === 401; i++) status = await attempt(`wrong ${i}`);
    expect([423, 429]).toContain(status);
    await expect.poll(() => message.textContent()).toMatch(/Try again in/);
    const text = (await message.textContent())?.trim() ?? '';
    expect(text).toMatch(/(Sign-in is locked after repeated failures|Too many attempts)\. Try again in \d+ (minutes?|seconds?)/);
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    await screenshot(page, 'login-locked');

    assertClean(problems);
    await fresh.close();
  });
});
