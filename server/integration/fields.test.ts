// SPDX-License-Identifier: MIT
// LXMF reply/reaction/renderer fields through the send API: stored with the message, returned in
// every message view, and anything outside the four allowed fields refused before storage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Reply, TestNode } from './harness.js';
import { errorCode, ownerClient, startTestNode } from './harness.js';

const PEER = 'ef'.repeat(16);
const TARGET = 'AB'.repeat(32);
let t: TestNode;
let c: Client;
beforeAll(async () => {
  t = await startTestNode();
  c = await ownerClient(t);
});
afterAll(async () => {
  await t.cleanup();
});

type Message = { id: string; fields: Record<string, unknown> };
const messageOf = (r: Reply) => (r.body as { message: Message }).message;
const list = async (peer: string) => ((await c.get(`/api/v1/conversations/${peer}/messages`)).body as { messages: Message[] }).messages;

describe('message fields', () => {
  it('stores reply, reaction and renderer fields and returns them keyed by decimal id', async () => {
    const reply = await c.post('/api/v1/messages', { to: PEER, content: 'agreed', fields: { '48': TARGET, '49': 'shall we meet?', '15': 2 } });
    expect(reply.status).toBe(201);
    const expected = { '48': 'ab'.repeat(32), '49': 'shall we meet?', '15': 2 };
    expect(messageOf(reply).fields).toEqual(expected);
    expect(messageOf(await c.get(`/api/v1/messages/${messageOf(reply).id}`)).fields).toEqual(expected);

    const reaction = await c.post('/api/v1/messages', { to: PEER, content: '', fields: { '64': { to: TARGET, content: '👍' } } });
    expect(messageOf(reaction).fields).toEqual({ '64': { to: 'ab'.repeat(32), content: '👍' } });
    const plain = await c.post('/api/v1/messages', { to: PEER, content: 'no fields' });
    expect(messageOf(plain).fields).toEqual({});
    expect((await list(PEER)).map((m) => m.fields)).toContainEqual(expected);
  });

  it('refuses unknown or malformed fields with 400 and stores nothing', async () => {
    const other = '12'.repeat(16);
    const bad: unknown[] = [
      { '1': 'x' },
      { '48': 'ab'.repeat(16) },
      { '48': 'zz'.repeat(32) },
      { '49': 'q'.repeat(501) },
      { '64': { to: TARGET, content: 'x'.repeat(17) } },
      { '64': { to: TARGET, content: '👍', extra: true } },
      { '64': { content: '👍' } },
      { '15': 4 },
      { '15': 1.5 },
      ['48'],
    ];
    for (const fields of bad) {
      const r = await c.post('/api/v1/messages', { to: other, content: 'x', fields });
      expect([r.status, errorCode(r)], JSON.stringify(fields).slice(0, 80)).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(await list(other)).toEqual([]);
  });
});
