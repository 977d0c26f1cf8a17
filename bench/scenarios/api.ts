// SPDX-License-Identifier: MIT
// Web API: latency under concurrent load (conversation list, message send), the same reads on a
// database holding 1 000 000 messages, and the cost of one login (argon2id at production params).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Measurement, Scenario } from '../harness.js';
import { ARGON2_PRODUCTION, hashPassword, verifyPassword } from '../../server/app/password.js';
import { startNode } from '../../server/main.js';
import type { RunningNode, StartOptions } from '../../server/main.js';
import { DB_FILE_NAME, openDatabase } from '../../server/storage/db.js';

const PASSWORD = 'benchmark password';
const CONCURRENCY = 16;
const quiet = { info: () => undefined, warn: () => undefined };

interface Session {
  node: RunningNode;
  dir: string;
  headers: Record<string, string>;
}

async function start(dir: string, options: StartOptions): Promise<Session> {
  const node = await startNode({ host: '127.0.0.1', port: 0, dataDir: dir }, quiet, { webRoot: null, authRateLimit: { windowMs: 60_000, limit: 1_000_000 }, ...options });
  const base = { origin: node.url, 'x-strand-csrf': '1', 'content-type': 'application/json' };
  let res: Response;
  try {
    const setupToken = readFileSync(path.join(dir, 'setup-token'), 'utf8').trim();
    res = await fetch(`${node.url}/api/v1/auth/setup`, { method: 'POST', headers: base, body: JSON.stringify({ setupToken, password: PASSWORD }) });
  } catch (error) {
    // No setup token: the database already has a password (a reused data dir); log in instead.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    res = await fetch(`${node.url}/api/v1/auth/login`, { method: 'POST', headers: base, body: JSON.stringify({ password: PASSWORD }) });
  }
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status}`);
  return { node, dir, headers: { ...base, cookie } };
}

/** Runs `total` requests with `CONCURRENCY` in flight; returns per-request latencies (ms). */
async function load(total: number, request: (i: number) => Promise<Response>, concurrency = CONCURRENCY): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const res = await request(i);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`request ${i} failed: ${res.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

function pct(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
}

const ms = (name: string, value: number, note?: string): Measurement => ({ name, value, unit: 'ms', better: 'lower', ...(note ? { note } : {}) });
const hex = (n: number) => n.toString(16).padStart(32, '0');

/** Writes `count` messages over `peers` conversations straight into a fresh database, in one transaction. */
export function seed(dir: string, count: number, peers: number): void {
  const db = openDatabase(path.join(dir, DB_FILE_NAME));
  const words = ['harbour', 'ferry', 'relay', 'mesh', 'signal', 'antenna', 'battery', 'solar', 'node', 'packet', 'route', 'link'];
  const conv = db.prepare('INSERT INTO conversations (peer_hash, last_message_id, last_activity_at, unread_count) VALUES (?, ?, ?, ?)');
  const msg = db.prepare(`INSERT INTO messages (id, peer_hash, direction, state, method, title, content, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'direct', '', ?, ?, ?)`);
  db.transaction(() => {
    const perPeer = Math.ceil(count / peers);
    for (let p = 0; p < peers; p++) conv.run(hex(p), `m${p}-${perPeer - 1}`, 1_700_000_000_000 + p * perPeer + perPeer, perPeer >> 1);
    for (let i = 0; i < count; i++) {
      const p = i % peers;
      const k = Math.floor(i / peers);
      const inbound = i % 2 === 0;
      const content = `${words[i % 12]} ${words[(i * 7) % 12]} message ${i} ${words[(i * 5) % 11]}`;
      msg.run(`m${p}-${k}`, hex(p), inbound ? 'inbound' : 'outbound', inbound ? 'received' : 'delivered', content, 1_700_000_000_000 + i, 1_700_000_000_000 + i);
    }
  })();
  db.close();
}

export const apiScenario: Scenario = {
  id: 'api',
  description: 'web API latency under load, reads over 1 000 000 messages, argon2 login cost',
  async run(): Promise<Measurement[]> {
    const out: Measurement[] = [];
    const cheap = { argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } };

    // 1. Load on a small database (1 000 messages in 100 conversations).
    const small = mkdtempSync(path.join(tmpdir(), 'strand-bench-api-'));
    try {
      seed(small, 1000, 100);
      const s = await start(small, cheap);
      try {
        const list = await load(2000, () => fetch(`${s.node.url}/api/v1/conversations?limit=50`, { headers: s.headers }));
        out.push(ms(`conversation list p50 (${CONCURRENCY} concurrent)`, pct(list, 0.5)), ms(`conversation list p99 (${CONCURRENCY} concurrent)`, pct(list, 0.99)));
        const send = await load(2000, (i) => fetch(`${s.node.url}/api/v1/messages`, { method: 'POST', headers: s.headers, body: JSON.stringify({ to: hex(i % 50), content: `bench ${i}` }) }));
        out.push(ms(`message send p50 (${CONCURRENCY} concurrent)`, pct(send, 0.5)), ms(`message send p99 (${CONCURRENCY} concurrent)`, pct(send, 0.99)));
      } finally {
        await s.node.stop();
      }
    } finally {
      rmSync(small, { recursive: true, force: true });
    }

    // 2. Reads over 1 000 000 stored messages in 10 000 conversations.
    const big = mkdtempSync(path.join(tmpdir(), 'strand-bench-api-1m-'));
    try {
      const t0 = performance.now();
      seed(big, Number(process.env.BENCH_API_MESSAGES ?? 1_000_000), 10_000);
      out.push({ name: 'write 1 000 000 messages (one transaction, FTS indexed)', value: (performance.now() - t0) / 1000, unit: 's', better: 'lower' });
      const s = await start(big, cheap);
      try {
        const list = await load(500, () => fetch(`${s.node.url}/api/v1/conversations?limit=50`, { headers: s.headers }));
        out.push(ms('conversation list p50, 1M messages', pct(list, 0.5)), ms('conversation list p99, 1M messages', pct(list, 0.99)));
        const terms = ['harbour', 'ferry relay', 'antenna solar', 'message 123456', 'packet'];
        const search = await load(200, (i) => fetch(`${s.node.url}/api/v1/search?q=${encodeURIComponent(terms[i % terms.length] ?? 'x')}&limit=50`, { headers: s.headers }));
        out.push(ms('search p50, 1M messages', pct(search, 0.5)), ms('search p99, 1M messages', pct(search, 0.99)));
        const history = await load(500, (i) => fetch(`${s.node.url}/api/v1/conversations/${hex(i % 10_000)}/messages?limit=50`, { headers: s.headers }));
        out.push(ms('conversation messages p50, 1M messages', pct(history, 0.5)));
      } finally {
        await s.node.stop();
      }
    } finally {
      rmSync(big, { recursive: true, force: true });
    }

    // 3. Login cost at production argon2id parameters.
    const hash = await hashPassword(PASSWORD, ARGON2_PRODUCTION);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await verifyPassword(hash, PASSWORD);
      times.push(performance.now() - t0);
    }
    const p = ARGON2_PRODUCTION;
    out.push(ms('argon2id verify per login (median of 10)', pct(times, 0.5), `m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism}`));
    const loginDir = mkdtempSync(path.join(tmpdir(), 'strand-bench-login-'));
    try {
      const s = await start(loginDir, {});
      try {
        // Sequential: concurrent checks beyond the lockout allowance are refused by design.
        const logins = await load(10, () => fetch(`${s.node.url}/api/v1/auth/login`, { method: 'POST', headers: { ...s.headers, cookie: '' }, body: JSON.stringify({ password: PASSWORD }) }), 1);
        out.push(ms('HTTP login p50 (sequential, production argon2)', pct(logins, 0.5)));
      } finally {
        await s.node.stop();
      }
    } finally {
      rmSync(loginDir, { recursive: true, force: true });
    }
    return out;
  },
};
