// SPDX-License-Identifier: MIT
// Messaging and interfaces in a real Chromium against a real Strand server: a Markdown message
// (including an XSS attempt), a message with a text file, an image and a WAV (shown inline and
// playable), and an interface block whose port another program holds. Any CSP violation or
// console error fails the test.
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { assertClean, httpStatusLine, launchBrowser, openPage, SCREENSHOT_DIR, screenshot, startServer } from './harness.js';
import type { RunningServer } from './harness.js';

const PASSWORD = 'e2e messaging horse battery';
const PEER = 'cd'.repeat(16);
// A 1x1 PNG, small enough to inline and real enough for Chromium to decode.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** A valid 8 kHz mono 16-bit WAV of `samples` silent samples. */
function wav(samples: number): Buffer {
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 }, colorScheme: 'light' });
  // Setup through the API: the request context shares its cookie jar with the browser's pages.
  const res = await context.request.post('/api/v1/auth/setup', {
    data: { setupToken: server.setupToken() ?? '', password: PASSWORD },
    headers: { 'X-Strand-CSRF': '1', Origin: server.url },
  });
  expect(res.status()).toBe(201);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('messaging in Chromium against a real server', () => {
  it('sends a Markdown message and one with attachments, renders them safely, with no CSP violation', async () => {
    const { page, problems } = await openPage(context);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`/conversations/${PEER}`);
    const composer = page.getByLabel('Message');
    await composer.fill('**bold** and `code` [site](https://example.org) [bad](javascript:alert(1)) <img src=x onerror=alert(1)>');
    await composer.press('Enter');
    const md = page.getByTestId('message').filter({ hasText: 'bold' });
    await md.waitFor();
    expect(await md.locator('strong').textContent()).toBe('bold');
    expect(await md.locator('.text code').textContent()).toBe('code');
    expect(await md.locator('.text a').count()).toBe(1);
    expect(await md.locator('.text a').getAttribute('href')).toBe('https://example.org/');
    expect(await md.locator('.text a').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await md.locator('.text img').count()).toBe(0);

    await page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('field notes\n') });
    await page.getByTestId('file-input').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('file-input').setInputFiles({ name: 'voice.wav', mimeType: 'audio/wav', buffer: wav(4000) });
    await page.getByTestId('pending').getByText('voice.wav').waitFor();
    await composer.fill('three files');
    await page.getByRole('button', { name: 'Send' }).click();
    const withFiles = page.getByTestId('message').filter({ hasText: 'three files' });
    await withFiles.waitFor();
    await withFiles.locator('img').waitFor();
    expect(await withFiles.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await withFiles.locator('a.file').textContent()).toBe('notes.txt (12 B)');
    // The audio element loads the attachment through the download route and can play it.
    const duration = await withFiles.locator('audio').evaluate(
      (a: HTMLAudioElement) =>
        new Promise<number>((resolve) => {
          a.addEventListener('loadedmetadata', () => resolve(a.duration), { once: true });
          a.addEventListener('error', () => resolve(-1), { once: true });
          a.preload = 'metadata';
          a.load();
        }),
    );
    expect(duration).toBeCloseTo(0.5, 2);
    const download = await context.request.get((await withFiles.locator('a.file').getAttribute('href')) ?? '');
    expect(await download.text()).toBe('field notes\n');
    expect(await page.getByTestId('pending').count()).toBe(0);
    await screenshot(page, 'conversation-markdown-attachments');

    expect(dialogs).toBe(0);
    assertClean(problems);
    await page.close();
  });

  it('adds an interface from a pasted block and shows a port conflict inline', async () => {
    const { page, problems } = await openPage(context);
    // The browser logs the 409 answer itself; that line is expected, the inline message is the UI.
    problems.expected.push(httpStatusLine(409));
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      await page.goto('/interfaces');
      await page.getByRole('heading', { name: 'Interfaces', exact: true }).waitFor();
      const block = page.getByLabel('Reticulum config block');
      await block.fill(`[[Taken]]\n  type = TCPServerInterface\n  enabled = yes\n  listen_ip = 127.0.0.1\n  listen_port = ${port}`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByTestId('interface-form-error').waitFor();
      expect(await page.getByTestId('interface-form-error').textContent()).toContain(`port ${port}`);

      await block.fill(`[[Spare server]]\n  type = TCPServerInterface\n  enabled = no\n  listen_ip = 127.0.0.1\n  listen_port = ${port}`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const row = page.getByTestId('interface-row').filter({ hasText: 'Spare server' });
      await row.waitFor();
      expect(await row.getByTestId('interface-status').textContent()).toBe('Disabled');
      await screenshot(page, 'interfaces');
      await row.getByRole('button', { name: 'Delete' }).click();
      await row.getByRole('button', { name: 'Confirm delete' }).click();
      await row.waitFor({ state: 'detached' });
    } finally {
      holder.close();
    }
    assertClean(problems);
    await page.close();
  });
});
