// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it } from 'vitest';
import { MessageState, Method } from '../../lxmf/constants.js';
import { LXMessage } from '../../lxmf/message.js';
import { LXMRouter } from '../../lxmf/router/router.js';
import { StampWorkerPool } from '../../lxmf/stamps/index.js';
import { KnownIdentities } from '../../reticulum/identity/index.js';
import { Transport } from '../../reticulum/transport/index.js';
import { Identity } from '../../reticulum/identity/index.js';
import { createLogger } from '../../logging/logger.js';
import { LxmfOutboundRepository } from '../../storage/repositories/lxmf.repository.js';
import type { TempDb } from '../../storage/test-support/temp-db.js';
import { tempDb } from '../../storage/test-support/temp-db.js';
import type { MessagingEvent } from '../ports.js';
import { appState, LxmfMessaging } from './lxmf-messaging.js';

let t: TempDb;
afterEach(() => t.cleanup());
const log = createLogger({ console: () => undefined, sink: () => undefined, clock: () => 0 });

function adapter(stored = new Set<string>()) {
  t = tempDb();
  const outbound = new LxmfOutboundRepository(t.db);
  const m = new LxmfMessaging({ outbound, inboundExists: (h) => stored.has(h), running: () => ({ available: false, reason: 'down' }), log });
  return { m, outbound };
}

describe('LxmfMessaging without a running router', () => {
  it('refuses to commit inbound messages until the services listen (so no proof is sent), then hands them over', () => {
    const { m } = adapter();
    const sender = Identity.generate();
    const message = LXMessage.create({ destinationHash: new Uint8Array(16).fill(3), source: sender, title: 'T', content: 'body' });
    expect(() => m.store.commitInbound(message, { method: Method.DIRECT, receivedAt: 1, stampValid: null })).toThrow();
    const seen: MessagingEvent[] = [];
    m.subscribe((e) => seen.push(e));
    m.store.commitInbound(message, { method: Method.OPPORTUNISTIC, receivedAt: 1, stampValid: null });
    expect(seen[0]).toMatchObject({ type: 'inbound', message: { title: 'T', content: 'body', method: 'opportunistic', hash: Buffer.from(message.hash).toString('hex') } });
  });

  it('cancels a stored record for good, so the next start does not resume it', () => {
    const { m, outbound } = adapter();
    expect(m.status()).toEqual({ available: false, reason: 'down' });
    outbound.save({ messageId: new Uint8Array(32).fill(1), destinationHash: new Uint8Array(16), packed: Uint8Array.of(1), method: Method.DIRECT, state: MessageState.OUTBOUND, attempts: 0, createdAt: 1 }, 'mine', false);
    expect(m.cancel('never-submitted')).toBe(true);
    expect(m.cancel('mine')).toBe(true);
    expect(m.store.pendingOutbound()).toEqual([]);
    expect(m.cancel('mine')).toBe(false);
  });

  it('maps every LXMF state', () => {
    expect(Object.values(MessageState).map(appState)).toEqual(['generating', 'outbound', 'sending', 'sent', 'sent', 'delivered', 'rejected', 'cancelled', 'failed']);
  });
});

describe('LxmfMessaging with a router', () => {
  it('keeps every message of a burst tied to our id: rows and state events, whatever order the router builds them in', async () => {
    const { m, outbound } = adapter();
    const known = new KnownIdentities();
    const transport = new Transport({ knownIdentities: known }, { interfaces: [] });
    await transport.start();
    const pool = new StampWorkerPool({ workers: 1 });
    const router = new LXMRouter({ transport, knownIdentities: known, identity: Identity.generate(), store: m.store, stampPool: pool });
    await router.start();
    try {
      m.attach(router);
      const states = new Map<string, string[]>();
      m.subscribe((e) => {
        if (e.type === 'state') states.set(e.id, [...(states.get(e.id) ?? []), e.state]);
      });
      // More than the router builds in one turn of the event loop, all submitted in this one.
      const ids = Array.from({ length: 40 }, (_, i) => `local-${i}`);
      for (const id of ids) m.submit({ id, to: 'ab'.repeat(16), title: '', content: `burst ${id}`, method: 'direct', attachments: [] });
      for (let i = 0; i < 100 && ids.some((id) => !states.get(id)?.includes('outbound')); i++) await new Promise((r) => setTimeout(r, 10));
      for (const id of ids) {
        expect(m.known(id)).toBe(true);
        expect(states.get(id)?.slice(0, 2)).toEqual(['generating', 'outbound']);
      }
      expect(outbound.pending()).toHaveLength(40);
    } finally {
      m.detach();
      await router.stop();
      await transport.stop();
      await pool.stop();
    }
  });
});
