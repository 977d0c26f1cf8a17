// SPDX-License-Identifier: MIT
// Browser test harness: a real Strand server (the built dist/backend/strand.js on a free port with
// its own data directory) and a real headless Chromium driven by playwright-core. Every page
// records CSP violations, uncaught errors and console errors; `assertClean` fails the test on any.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const STRAND_JS = path.join(REPO_ROOT, 'dist', 'backend', 'strand.js');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env['STRAND_CHROMIUM'] ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 20_000;

export interface RunningServer {
  url: string;
  dataDir: string;
  /** The first-run token (from <dataDir>/setup-token), or null when the node is already set up. */
  setupToken(): string | null;
  /** Everything the node printed so far (stdout and stderr), for a failing test's report. */
  output(): string;
  stop(): Promise<void>;
}

/** The test's environment without STRAND_* settings, which would override the flags' intent. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('STRAND_')) delete env[key];
  return env;
}

// Local-only Reticulum config: no AutoInterface on the LAN, no shared instance, so parallel test
// nodes never meet each other or a real rnsd on this machine.
export const LOCAL_ONLY_RETICULUM = '[reticulum]\nshare_instance = No\n\n[interfaces]\n';

export interface ServerOptions {
  /** The node's Reticulum config file; local-only (no interfaces) by default. */
  reticulumConfig?: string;
}

/** Starts `strand serve --port 0` and resolves once it prints the address it listens on. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(STRAND_JS)) throw new Error(`${STRAND_JS} is missing: run \`npm run build\` first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'strand-e2e-'));
  mkdirSync(path.join(dataDir, 'reticulum'));
  writeFileSync(path.join(dataDir, 'reticulum', 'config'), options.reticulumConfig ?? LOCAL_ONLY_RETICULUM);
  const child: ChildProcess = spawn(process.execPath, [STRAND_JS, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    setupToken() {
      const file = path.join(dataDir, 'setup-token');
      return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
    },
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install the Debian package \`chromium\` (apt-get install -y chromium) or set STRAND_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface PageProblems {
  csp: string[];
  errors: string[];
  /** Console errors the test declared as expected (e.g. the browser's own log line for a 401). */
  expected: RegExp[];
  /** Every HTTP answer >= 400 (status, method, path), reported alongside errors. */
  failedRequests: string[];
}

/**
 * Opens a page that reports CSP violations through an exposed binding (it survives reloads, and
 * calling it is not script execution the page's CSP governs), plus page errors and console errors.
 */
export async function openPage(context: BrowserContext): Promise<{ page: Page; problems: PageProblems }> {
  const problems: PageProblems = { csp: [], errors: [], expected: [], failedRequests: [] };
  const page = await context.newPage();
  await page.exposeBinding('__strandCspViolation', (_source, v: string) => {
    problems.csp.push(v);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __strandCspViolation: (v: string) => void }).__strandCspViolation;
      void report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  // Chromium's console line for an HTTP error omits the URL; keep the URLs to make failures readable.
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (problems.expected.some((re) => re.test(text))) return;
    problems.errors.push(`console.error: ${text}`);
  });
  return { page, problems };
}

/** Throws when the page had any CSP violation or unexpected error so far. */
export function assertClean(problems: PageProblems): void {
  const all = [...problems.csp.map((c) => `CSP violation: ${c}`), ...problems.errors];
  if (all.length > 0) throw new Error(`the page was not clean:\n${all.join('\n')}\nfailed requests:\n${problems.failedRequests.join('\n')}`);
}

/** The browser's own console line for an HTTP error answer (not an application error). */
export function httpStatusLine(status: number): RegExp {
  return new RegExp(`^Failed to load resource: the server responded with a status of ${status}\\b`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
}
