// SPDX-License-Identifier: MIT
// Two Strand nodes connected over TCP on 127.0.0.1 (A listens, B connects), each driven through its
// own web UI in Chromium: both name themselves and announce, A finds B among the peers and writes
// with an attachment, B sees the conversation, the message and the file arrive live (WebSocket, no
// reload) and answers, A sees the answer live and its own message turn "Delivered". Any CSP
// violation or console error on either page fails the test.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertClean, launchBrowser, openPage, screenshot, startServer } from './harness.js';
import type { PageProblems, RunningServer } from './harness.js';

const PASSWORD = 'e2e two nodes horse battery';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function reticulumConfig(block: string): string {
  return `[reticulum]\nshare_instance = No\n\n[interfaces]\n${block}`;
}

interface Side {
  server: RunningServer;
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

let browser: Browser;
let a: Side;
let b: Side;

async function side(server: RunningServer): Promise<Side> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 }, colorScheme: 'light' });
  const res = await context.request.post('/api/v1/auth/setup', {
    data: { setupToken: server.setupToken() ?? '', password: PASSWORD },
    headers: { 'X-Strand-CSRF': '1', Origin: server.url },
  });
  expect(res.status()).toBe(201);
  const { page, problems } = await openPage(context);
  return { server, context, page, problems };
}

/** Names the node and announces it, through the Profile screen. */
async function nameAndAnnounce(s: Side, name: string): Promise<void> {
  await s.page.goto('/profile');
  await s.page.getByLabel('Display name').fill(name);
  await s.page.getByRole('button', { name: 'Save' }).click();
  await s.page.getByRole('status').filter({ hasText: /saved/i }).waitFor();
  await s.page.getByRole('button', { name: 'Announce now' }).click();
  await s.page.getByRole('status').filter({ hasText: /announce/i }).waitFor();
}

beforeAll(async () => {
  const port = await freePort();
  const [serverA, serverB, launched] = await Promise.all([
    startServer({ reticulumConfig: reticulumConfig(`  [[Test server]]\n    type = TCPServerInterface\n    enabled = yes\n    listen_ip = 127.0.0.1\n    listen_port = ${port}\n`) }),
    startServer({ reticulumConfig: reticulumConfig(`  [[Test client]]\n    type = TCPClientInterface\n    enabled = yes\n    target_host = 127.0.0.1\n    target_port = ${port}\n`) }),
    launchBrowser(),
  ]);
  browser = launched;
  [a, b] = await Promise.all([side(serverA), side(serverB)]);
}, 60_000);

afterAll(async () => {
  for (const s of [a, b]) await s?.context.close();
  await browser?.close();
  await Promise.all([a?.server.stop(), b?.server.stop()]);
});

describe('two Strand nodes over TCP, each through its own web UI', () => {
  it('find each other, exchange a message and an attachment live, and show delivery', async () => {
    await withNodeOutput(exchange);
  }, 90_000);
});

/** Runs `body`; a failure carries both nodes' console output (a delivery that never came, say). */
async function withNodeOutput(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const report = `--- node A (listens) ---\n${a.server.output()}\n--- node B (connects) ---\n${b.server.output()}`;
    if (error instanceof Error) error.message = `${error.message}\n${report}`;
    throw error;
  }
}

async function exchange(): Promise<void> {
  // B's client interface may still be connecting when A announces: announce until A sees B and
  // B sees A (each side's Peers list updates live from the announce event).
  await nameAndAnnounce(a, 'Alice');
  await nameAndAnnounce(b, 'Bob');
  await a.page.goto('/peers');
  await b.page.goto('/peers');
  const bobOnA = a.page.getByTestId('peer-row').filter({ hasText: 'Bob' });
  const aliceOnB = b.page.getByTestId('peer-row').filter({ hasText: 'Alice' });
  for (let attempt = 0; ; attempt++) {
    try {
      await Promise.all([bobOnA.waitFor({ timeout: 3000 }), aliceOnB.waitFor({ timeout: 3000 })]);
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
      for (const s of [a, b]) {
        const res = await s.context.request.post('/api/v1/profile/announce', { headers: { 'X-Strand-CSRF': '1', Origin: s.server.url } });
        expect(res.ok()).toBe(true);
      }
    }
  }

  // B waits on its conversation list; A starts the chat from the Peers screen and sends a text
  // with a file. The file is larger than one packet, so it travels as a Reticulum resource.
  await b.page.goto('/conversations');
  // From here on neither page loads again: a marker on each window proves every later change on
  // screen came over the WebSocket and in-app navigation, not a reload.
  for (const s of [a, b]) await s.page.evaluate(() => Object.assign(window, { strandSamePage: true }));
  await bobOnA.getByRole('link', { name: 'Message' }).click();
  const report = Buffer.from('field report: all quiet on 127.0.0.1\n'.repeat(200));
  await a.page.getByTestId('file-input').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: report });
  await a.page.getByTestId('pending').getByText('report.txt').waitFor();
  await a.page.getByLabel('Message').fill('hello Bob, over TCP, report attached');
  await a.page.getByRole('button', { name: 'Send' }).click();
  const sentOnA = a.page.getByTestId('message').filter({ hasText: 'hello Bob, over TCP' });
  await sentOnA.waitFor();

  // B's list gains the conversation live (WebSocket, no reload); B opens it in-app.
  const rowOnB = b.page.getByTestId('conversation-row').filter({ hasText: 'Alice' });
  await rowOnB.waitFor({ timeout: 15_000 });
  await rowOnB.getByRole('link').first().click();
  const receivedOnB = b.page.getByTestId('message').filter({ hasText: 'hello Bob, over TCP' });
  await receivedOnB.waitFor({ timeout: 15_000 });
  const link = receivedOnB.locator('a.file');
  expect(await link.textContent()).toMatch(/^report\.txt \(/);
  const download = await b.context.request.get((await link.getAttribute('href')) ?? '');
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(report)).toBe(true);
  // A's bubble turns "Delivered" once B's proof arrives, pushed over the WebSocket.
  await sentOnA.getByTestId('message-state').filter({ hasText: 'Delivered' }).waitFor({ timeout: 15_000 });

  // B replies in the open conversation; A, still on its thread, sees it arrive live.
  await b.page.getByLabel('Message').fill('got it, thanks Alice');
  await b.page.getByRole('button', { name: 'Send' }).click();
  const replyOnB = b.page.getByTestId('message').filter({ hasText: 'got it, thanks Alice' });
  await replyOnB.getByTestId('message-state').filter({ hasText: 'Delivered' }).waitFor({ timeout: 15_000 });
  await a.page.getByTestId('message').filter({ hasText: 'got it, thanks Alice' }).waitFor({ timeout: 15_000 });

  for (const s of [a, b]) expect(await s.page.evaluate(() => 'strandSamePage' in window)).toBe(true);
  await screenshot(a.page, 'two-nodes-alice');
  await screenshot(b.page, 'two-nodes-bob');
  assertClean(a.problems);
  assertClean(b.problems);
}
