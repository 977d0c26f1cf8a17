// SPDX-License-Identifier: MIT
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempDb } from '../test-support/temp-db.js';
import { tempDb } from '../test-support/temp-db.js';
import { contentHash, MessagesRepository } from './messages.repository.js';
import { PeersRepository } from './peers.repository.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
let t: TempDb;
let repo: MessagesRepository;
beforeEach(() => {
  t = tempDb();
  repo = new MessagesRepository(t.db);
});
afterEach(() => t.cleanup());

const msg = (id: string, peerHash: string, createdAt: number, direction: 'inbound' | 'outbound' = 'inbound', content = `body ${id}`) => ({
  id, peerHash, direction, state: direction === 'inbound' ? 'received' as const : 'outbound' as const, method: 'direct' as const,
  title: '', content, createdAt,
});

describe('MessagesRepository', () => {
  it('keeps conversations with unread counts and the newest message, newest activity first', () => {
    repo.insert(msg('1', A, 10));
    repo.insert(msg('2', A, 20));
    repo.insert(msg('3', B, 15, 'outbound'));
    new PeersRepository(t.db).upsertContact(A, 'Alice', false, 1);
    const list = repo.listConversations(Number.MAX_SAFE_INTEGER, 10);
    expect(list.map((c) => [c.peerHash, c.unreadCount, c.lastMessage?.id, c.contactName])).toEqual([
      [A, 2, '2', 'Alice'],
      [B, 0, '3', null],
    ]);
    expect(repo.markRead(A, 30)).toBe(true);
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)[0]?.unreadCount).toBe(0);
    expect(repo.listConversations(20, 10).map((c) => c.peerHash)).toEqual([B]);
  });

  it('names a conversation by the peer\'s announced display name until the owner names the contact', () => {
    repo.insert(msg('1', B, 10));
    const peers = new PeersRepository(t.db);
    peers.addAnnounce({ aspect: 'nomadnetwork.node', destinationHash: B, identityHash: null, displayName: 'A node', appData: null, hops: 1, receivedAt: 1 });
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)[0]?.contactName).toBeNull();
    peers.addAnnounce({ aspect: 'lxmf.delivery', destinationHash: B, identityHash: null, displayName: 'Bob', appData: null, hops: 1, receivedAt: 2 });
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)[0]?.contactName).toBe('Bob');
    peers.upsertContact(B, 'Bobby', false, 3);
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)[0]?.contactName).toBe('Bobby');
  });

  it('stores identical attachment bytes once and frees them with the last message using them', () => {
    const data = new TextEncoder().encode('same picture');
    const attachments = [{ kind: 'image' as const, name: 'a.png', mime: 'image/png', data }];
    repo.insert({ ...msg('1', A, 1), attachments });
    repo.insert({ ...msg('2', B, 2), attachments });
    expect(t.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });
    const [att] = repo.attachments('1');
    expect(att).toMatchObject({ name: 'a.png', sha256: contentHash(data), size: data.byteLength });
    expect(Buffer.from(repo.blob(contentHash(data)) ?? []).toString()).toBe('same picture');
    repo.delete('1');
    expect(t.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 1 });
    repo.deleteConversation(B);
    expect(t.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
  });

  it('drops a conversation whose last message is deleted and recounts unread after a delete', () => {
    repo.insert(msg('1', A, 1));
    repo.insert(msg('2', A, 2));
    repo.delete('2');
    const [c] = repo.listConversations(Number.MAX_SAFE_INTEGER, 10);
    expect([c?.lastMessage?.id, c?.unreadCount]).toEqual(['1', 1]);
    repo.delete('1');
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(repo.delete('1')).toBe(false);
  });

  it('pages messages of a conversation newest first and tracks state, progress and attempts', () => {
    for (let i = 1; i <= 5; i++) repo.insert(msg(String(i), A, i, 'outbound'));
    expect(repo.listByPeer(A, 4, 2).map((m) => m.id)).toEqual(['3', '2']);
    expect(repo.pending(10).map((m) => m.id)).toEqual(['1', '2', '3', '4', '5']);
    repo.setProgress('1', 1.7, 50);
    repo.countAttempt('1', 99, 50);
    repo.setState('1', 'delivered', 60);
    expect(repo.get('1')).toMatchObject({ state: 'delivered', progress: 1, attempts: 1, nextAttemptAt: 99, deliveredAt: 60 });
    expect(repo.pending(10).map((m) => m.id)).toEqual(['2', '3', '4', '5']);
  });

  it('searches text and treats FTS operators typed by the user as plain words', () => {
    repo.insert(msg('1', A, 1, 'inbound', 'meet at the harbour'));
    repo.insert(msg('2', A, 2, 'inbound', 'NEAR the "quoted" OR not'));
    expect(repo.search('harbour', 10).map((m) => m.id)).toEqual(['1']);
    expect(repo.search('"quoted" OR', 10).map((m) => m.id)).toEqual(['2']);
    expect(repo.search('NEAR(', 10).map((m) => m.id)).toEqual(['2']);
    expect(repo.search('   ', 10)).toEqual([]);
  });

  it('rolls back the whole message when an attachment cannot be stored', () => {
    const bad = { kind: 'bogus', name: 'x', mime: 'x', data: new Uint8Array(1) } as unknown as { kind: 'file'; name: string; mime: string; data: Uint8Array };
    expect(() => repo.insert({ ...msg('1', A, 1), attachments: [bad] })).toThrow(/CHECK/);
    expect(repo.get('1')).toBeUndefined();
    expect(repo.listConversations(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(t.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
  });
});
