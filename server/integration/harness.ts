// SPDX-License-Identifier: MIT
// Test harness: a real node (real HTTP server on 127.0.0.1:0, real SQLite file in a temp dir) and a
// small client that behaves like the web UI (same-origin Origin header, CSRF header, cookie).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NodeConfig, RunningNode, StartOptions } from '../main.js';
import { startNode } from '../main.js';

/** Cheap argon2 for tests that do not measure the hash itself (one test uses production params). */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const PASSWORD = 'correct horse battery';

export interface TestNode {
  node: RunningNode;
  url: string;
  dataDir: string;
  lines: string[];
  warnings: string[];
  restart(): Promise<void>;
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startTestNode(config: Partial<NodeConfig> = {}, options: StartOptions = {}, dataDir?: string): Promise<TestNode> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'strand-node-'));
  const lines: string[] = [];
  const warnings: string[] = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => warnings.push(m) };
  const fullConfig = { host: '127.0.0.1', port: 0, dataDir: dir, ...config };
  const fullOptions: StartOptions = { argon2: TEST_ARGON2, authRateLimit: { windowMs: 60_000, limit: 1000 }, webRoot: null, reticulum: false, ...options };
  const t: TestNode = {
    node: await startNode(fullConfig, log, fullOptions),
    url: '',
    dataDir: dir,
    lines,
    warnings,
    async restart() {
      await t.node.stop();
      t.node = await startNode({ ...fullConfig, port: Number(new URL(t.url).port) }, log, fullOptions);
    },
    stop: () => t.node.stop(),
    async cleanup() {
      await t.node.stop().catch(() => undefined); // may already be stopped by the test
      rmSync(dir, { recursive: true, force: true });
    },
  };
  t.url = t.node.url;
  return t;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A browser-like client of one node: keeps the session cookie, sends Origin and the CSRF header. */
export class Client {
  cookie: string | undefined;
  constructor(readonly base: string) {}

  async request(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { origin: this.base, 'x-strand-csrf': '1', ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    for (const [k, v] of Object.entries(h)) if (v === '') delete h[k];
    const init = { method, headers: h, body: payload, redirect: 'manual' as const };
    const res = await fetch(`${this.base}${p}`, init).catch((error: Error & { cause?: { code?: string } }) => {
      // After a node restart the pool may still hold a socket the old server closed: retry once.
      if (error.cause?.code === 'UND_ERR_SOCKET') return fetch(`${this.base}${p}`, init);
      throw error;
    });
    const set = res.headers.getSetCookie().find((c) => c.includes('strand_session='));
    if (set) {
      const pair = set.split(';')[0] ?? '';
      this.cookie = /=$/.test(pair) || /Expires=Thu, 01 Jan 1970/.test(set) ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch (error) {
      // Not JSON (HTML, plain text): tests read `text` instead.
      void error;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get = (p: string, headers?: Record<string, string>) => this.request('GET', p, undefined, headers);
  post = (p: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', p, body ?? {}, headers);
}

export function setupToken(dataDir: string): string {
  return readFileSync(path.join(dataDir, 'setup-token'), 'utf8').trim();
}

/** Runs first-run setup and returns a logged-in client. */
export async function ownerClient(t: TestNode): Promise<Client> {
  const c = new Client(t.url);
  const r = await c.post('/api/v1/auth/setup', { setupToken: setupToken(t.dataDir), password: PASSWORD });
  if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${r.text}`);
  return c;
}

export const errorCode = (r: Reply) => (r.body as { error?: { code?: string } } | undefined)?.error?.code;
