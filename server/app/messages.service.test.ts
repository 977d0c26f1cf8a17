// SPDX-License-Identifier: MIT
// MessagesService with a real database and a recording router port (the real router does not exist
// yet; the port contract is what is under test).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessagesRepository } from '../storage/repositories/messages.repository.js';
import { PeersRepository } from '../storage/repositories/peers.repository.js';
import type { TempDb } from '../storage/test-support/temp-db.js';
import { tempDb } from '../storage/test-support/temp-db.js';
import { EventBus } from './events.js';
import type { StrandEvents } from './events.js';
import { MessagesService } from './messages.service.js';
import type { MessagingEvent, MessagingPort, OutboundMessage } from './ports.js';

class RecordingRouter implements MessagingPort {
  submitted: OutboundMessage[] = [];
  cancelled: string[] = [];
  private listener: ((e: MessagingEvent) => void) | null = null;
  status() {
    return { available: true };
  }
  submit(m: OutboundMessage) {
    this.submitted.push(m);
  }
  cancel(id: string) {
    this.cancelled.push(id);
    return true;
  }
  subscribe(l: (e: MessagingEvent) => void) {
    this.listener = l;
    return () => (this.listener = null);
  }
  emit(e: MessagingEvent) {
    this.listener?.(e);
  }
  paper: ((uri: string) => Promise<{ messageHash: string }>) | null = null;
  ingestPaper(uri: string) {
    return this.paper ? this.paper(uri) : Promise.reject(new Error('no paper handler'));
  }
}

const PEER = '1'.repeat(32);
let t: TempDb;
let router: RecordingRouter;
let service: MessagesService;
let peers: PeersRepository;
const seen: string[] = [];
beforeEach(() => {
  t = tempDb();
  router = new RecordingRouter();
  peers = new PeersRepository(t.db);
  const events = new EventBus();
  for (const name of ['message.new', 'message.state', 'message.progress'] as (keyof StrandEvents)[]) events.on(name, () => seen.push(name));
  service = new MessagesService({ messages: new MessagesRepository(t.db), peers, messaging: router, events, clock: () => 1000 });
  service.start();
  seen.length = 0;
});
afterEach(() => {
  service.stop();
  t.cleanup();
});

const inbound = (hash: string, from = PEER) => ({ hash, from, title: '', content: `in ${hash}`, method: 'direct' as const, timestamp: 500, attachments: [] });

describe('MessagesService', () => {
  it('stores before submitting, then follows router state, progress and attempts', () => {
    const m = service.send({ to: PEER, title: '', content: 'x', method: 'opportunistic', attachments: [] });
    expect(router.submitted.map((s) => s.id)).toEqual([m.id]);
    router.emit({ type: 'progress', id: m.id, progress: 0.5 });
    router.emit({ type: 'attempt', id: m.id, nextAttemptAt: 2000 });
    router.emit({ type: 'state', id: m.id, state: 'delivered', hash: 'f'.repeat(64) });
    expect(service.get(m.id)).toMatchObject({ state: 'delivered', progress: 1, attempts: 1, hash: 'f'.repeat(64), deliveredAt: 1000 });
    expect(seen).toEqual(['message.new', 'message.progress', 'message.state']);
  });

  it('stores inbound messages once, counts them unread, and drops those from blocked peers', () => {
    router.emit({ type: 'inbound', message: inbound('a'.repeat(64)) });
    router.emit({ type: 'inbound', message: inbound('a'.repeat(64)) });
    expect(service.conversations(undefined, 10)[0]).toMatchObject({ peerHash: PEER, unreadCount: 1 });
    peers.upsertContact(PEER, null, true, 1);
    router.emit({ type: 'inbound', message: inbound('b'.repeat(64)) });
    expect(service.list(PEER, undefined, 10)).toHaveLength(1);
    service.markRead(PEER);
    expect(service.conversations(undefined, 10)[0]?.unreadCount).toBe(0);
  });

  it('resubmits a failed message with its attachments on retry and cancels in-flight ones on delete', () => {
    const data = new Uint8Array([1, 2, 3]);
    const m = service.send({ to: PEER, title: '', content: 'x', method: 'direct', attachments: [{ kind: 'file', name: 'f', mime: 'application/octet-stream', data }] });
    router.emit({ type: 'state', id: m.id, state: 'failed' });
    service.retry(m.id);
    expect(router.submitted).toHaveLength(2);
    expect(Array.from(router.submitted[1]?.attachments[0]?.data ?? [])).toEqual([1, 2, 3]);
    service.delete(m.id);
    expect(router.cancelled).toEqual([m.id]);
    expect(() => service.retry(m.id)).toThrow(/not found/);
  });

  it('sends `auto` directly, and via the propagation node once direct delivery fails (if one is chosen)', () => {
    let pnChosen = false;
    service.stop();
    const messages = new MessagesRepository(t.db);
    service = new MessagesService({ messages, peers, messaging: router, events: new EventBus(), clock: () => 1000, hasPropagationNode: () => pnChosen });
    service.start();
    const withPn = service.send({ to: PEER, title: '', content: 'a', method: 'auto', attachments: [] });
    expect(withPn.method).toBe('direct');
    expect(router.submitted.map((s) => s.method)).toEqual(['direct']);
    pnChosen = true;
    router.emit({ type: 'state', id: withPn.id, state: 'failed' });
    expect(router.submitted.map((s) => s.method)).toEqual(['direct', 'propagated']);
    expect(service.get(withPn.id)).toMatchObject({ method: 'propagated', state: 'outbound' });
    // The fallback happens once: a failure of the propagated attempt is final.
    router.emit({ type: 'state', id: withPn.id, state: 'failed' });
    expect(router.submitted).toHaveLength(2);
    expect(service.get(withPn.id).state).toBe('failed');

    pnChosen = false;
    const noPn = service.send({ to: PEER, title: '', content: 'b', method: 'auto', attachments: [] });
    router.emit({ type: 'state', id: noPn.id, state: 'failed' });
    expect(service.get(noPn.id)).toMatchObject({ method: 'direct', state: 'failed' });
    // An explicit direct message never falls back.
    pnChosen = true;
    const direct = service.send({ to: PEER, title: '', content: 'c', method: 'direct', attachments: [] });
    router.emit({ type: 'state', id: direct.id, state: 'failed' });
    expect(service.get(direct.id)).toMatchObject({ method: 'direct', state: 'failed' });
  });
});
