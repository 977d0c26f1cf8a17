// SPDX-License-Identifier: MIT
// Test helpers: Strand nodes with an LXMRouter each, joined over real TCP on 127.0.0.1 (port 0).
// Used by the router tests and the bench; not part of the public surface.
import { Identity, KnownIdentities } from '../../reticulum/identity/index.js';
import { TCPClientInterface, TCPServerInterface } from '../../reticulum/interfaces/index.js';
import { Transport } from '../../reticulum/transport/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { MessageState } from '../constants.js';
import type { MessageStateValue } from '../constants.js';
import type { LXMessage } from '../message.js';
import { StampWorkerPool } from '../stamps/index.js';
import { MemoryMessageStore } from './memory-store.js';
import { LXMRouter } from './router.js';
import type { RouterLogger, RouterOptions } from './types.js';

/** One node: transport, router and what it observed. */
export interface RouterNode {
  transport: Transport;
  known: KnownIdentities;
  identity: Identity;
  store: MemoryMessageStore;
  pool: StampWorkerPool;
  router: LXMRouter;
  received: LXMessage[];
  /** Every state per message id (hex), in order. */
  states: Map<string, MessageStateValue[]>;
  stop(): Promise<void>;
}

/** Builds a router node around `transport` (not started). */
export function routerNode(transport: Transport, known: KnownIdentities, opts: RouterOptions & { identity?: Identity; store?: MemoryMessageStore; pool?: StampWorkerPool; logger?: RouterLogger } = {}): RouterNode {
  const identity = opts.identity ?? Identity.generate();
  const store = opts.store ?? new MemoryMessageStore();
  const pool = opts.pool ?? new StampWorkerPool({ workers: 1 });
  const router = new LXMRouter({ transport, knownIdentities: known, identity, store, stampPool: pool, ...(opts.logger ? { logger: opts.logger } : {}) }, opts);
  const received: LXMessage[] = [];
  const states = new Map<string, MessageStateValue[]>();
  router.on('message', (m) => received.push(m));
  router.on('state', (e) => {
    const key = toHex(e.messageId);
    const seen = states.get(key);
    if (seen) seen.push(e.state);
    else states.set(key, [e.state]);
  });
  return {
    transport,
    known,
    identity,
    store,
    pool,
    router,
    received,
    states,
    stop: async () => {
      await router.stop();
      await transport.stop();
      await pool.stop();
    },
  };
}

/** Two started nodes, B listening on TCP and A connected to it. */
export async function tcpPair(optsA: RouterOptions = {}, optsB: RouterOptions = {}): Promise<{ a: RouterNode; b: RouterNode; server: TCPServerInterface; client: TCPClientInterface }> {
  const server = new TCPServerInterface({ name: 'B server', listenIp: '127.0.0.1', listenPort: 0 });
  const knownB = new KnownIdentities();
  const tb = new Transport({ knownIdentities: knownB }, { interfaces: [server], jobIntervalMs: 50 });
  await tb.start();
  const client = new TCPClientInterface({ name: 'A to B', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
  const knownA = new KnownIdentities();
  const ta = new Transport({ knownIdentities: knownA }, { interfaces: [client], jobIntervalMs: 50 });
  await ta.start();
  const a = routerNode(ta, knownA, optsA);
  const b = routerNode(tb, knownB, optsB);
  await a.router.start();
  await b.router.start();
  await until(() => client.online, 5000, 'TCP connected');
  // The server spawns its per-client interface on accept; give it a moment to register.
  await new Promise((r) => setTimeout(r, 100));
  return { a, b, server, client };
}

/** Resolves once the message reaches `state` (or a final state, which then fails the wait). */
export function waitState(node: RouterNode, messageId: Uint8Array, state: MessageStateValue, ms = 10_000): Promise<void> {
  const key = toHex(messageId);
  const finals: MessageStateValue[] = [MessageState.DELIVERED, MessageState.FAILED, MessageState.CANCELLED, MessageState.REJECTED];
  return new Promise((resolve, reject) => {
    const check = (s: MessageStateValue): boolean => {
      if (s === state) return true;
      if (finals.includes(s)) throw new Error(`message ended in state ${s}, expected ${state}`);
      return false;
    };
    const seen = node.states.get(key) ?? [];
    try {
      if (seen.some((s) => s === state)) return resolve();
    } catch (e) {
      return reject(e as Error);
    }
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for state ${state} (saw ${(node.states.get(key) ?? []).join(',')})`));
    }, ms);
    const off = node.router.on('state', (e) => {
      if (toHex(e.messageId) !== key) return;
      try {
        if (!check(e.state)) return;
        resolve();
      } catch (err) {
        reject(err as Error);
      }
      clearTimeout(timer);
      off();
    });
  });
}

/** Polls `cond` every 10 ms until true; throws after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A started node connected as a TCP client to 127.0.0.1:`port` (e.g. a reference node). */
export async function tcpClientNode(port: number, opts: Parameters<typeof routerNode>[2] = {}): Promise<{ node: RouterNode; client: TCPClientInterface }> {
  const client = new TCPClientInterface({ name: `to ${port}`, targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 100 });
  const known = new KnownIdentities();
  const t = new Transport({ knownIdentities: known }, { interfaces: [client], jobIntervalMs: 50 });
  await t.start();
  const node = routerNode(t, known, opts);
  await node.router.start();
  await until(() => client.online, 15_000, `TCP connected to ${port}`);
  return { node, client };
}
