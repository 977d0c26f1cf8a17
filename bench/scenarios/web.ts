// SPDX-License-Identifier: MIT
// The web UI as a user meets it: the gzip size of the JS and CSS the browser loads for the first
// screen (the conversation list), and the time from navigation to that list being rendered in
// headless Chromium against a real built node (temp data dir, set up through the API, a few
// queued messages so the list has rows).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'backend', 'strand.js');
const WEB_DIR = path.join(ROOT, 'dist', 'backend', 'web');
const CHROMIUM = process.env['STRAND_CHROMIUM'] ?? '/usr/bin/chromium';
const PASSWORD = 'bench web horse battery staple';
const RUNS = 5;

async function startNode(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [ENTRY, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  return { url, child };
}

/** Completes first-run setup and queues a few messages; returns the session cookie. */
async function prepare(url: string, dataDir: string): Promise<{ name: string; value: string }> {
  const headers = { 'content-type': 'application/json', 'x-strand-csrf': '1', origin: url };
  const setupToken = readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim();
  const res = await fetch(`${url}/api/v1/auth/setup`, { method: 'POST', headers, body: JSON.stringify({ setupToken, password: PASSWORD }) });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const eq = cookie.indexOf('=');
  const session = { name: cookie.slice(0, eq), value: cookie.slice(eq + 1) };
  for (let i = 0; i < 5; i++) {
    const to = (i + 1).toString(16).padStart(2, '0').repeat(16);
    const sent = await fetch(`${url}/api/v1/messages`, { method: 'POST', headers: { ...headers, cookie }, body: JSON.stringify({ to, content: `bench message ${i}`, method: 'propagated' }) });
    if (sent.status !== 201) throw new Error(`seeding failed: ${sent.status} ${await sent.text()}`);
  }
  return session;
}

function gzipBytes(assetPaths: Iterable<string>): number {
  let total = 0;
  for (const p of assetPaths) total += gzipSync(readFileSync(path.join(WEB_DIR, p)), { level: 9 }).length;
  return total;
}

export const webScenario: Scenario = {
  id: 'web',
  description: 'web UI: gzip size of the first screen’s JS+CSS, time to interactive of the conversation list in headless Chromium',
  async run(): Promise<Measurement[]> {
    if (!existsSync(path.join(WEB_DIR, 'index.html'))) throw new Error('run `npm run build` first: dist/backend/web/index.html is missing');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (Debian package chromium, or set STRAND_CHROMIUM)`);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-bench-web-'));
    const { url, child } = await startNode(dataDir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const session = await prepare(url, dataDir);
      const times: number[] = [];
      // The assets the browser actually fetched for the first screen: index.html's entry and
      // preloads plus the lazily loaded route chunk, exactly what a user downloads.
      const assets = new Set<string>();
      for (let i = 0; i < RUNS; i++) {
        // A fresh context each run: a cold cache, as on a first visit.
        const context = await browser.newContext({ baseURL: url });
        await context.addCookies([{ ...session, url }]);
        const page = await context.newPage();
        page.on('response', (r) => {
          const p = new URL(r.url()).pathname;
          if (/\.(js|css)$/.test(p)) assets.add(p.replace(/^\//, ''));
        });
        const t0 = performance.now();
        await page.goto('/conversations');
        await page.getByTestId('conversation-row').first().waitFor();
        times.push(performance.now() - t0);
        await context.close();
      }
      const tti = percentiles(times);
      return [
        { name: 'first screen JS+CSS (gzip)', value: gzipBytes(assets) / 1024, unit: 'KiB', better: 'lower', note: `${assets.size} files` },
        { name: `conversation list time to interactive (median of ${RUNS})`, value: tti.median, unit: 'ms', better: 'lower' },
      ];
    } finally {
      await browser.close();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
