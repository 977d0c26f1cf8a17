// SPDX-License-Identifier: MIT
// Paper messages (lxm:// URIs, as Sideband and NomadNet print them as QR codes) imported through
// POST /api/v1/messages/paper on a node running the real Reticulum + LXMF stack.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Destination, DestinationType, Direction } from '../reticulum/destination/index.js';
import { Identity, loadIdentityFile } from '../reticulum/identity/index.js';
import { LXMessage } from '../lxmf/message.js';
import { buildPaper } from '../lxmf/paper.js';
import { deliveryIdentityPath } from '../app/delivery-identity.js';
import type { Client, TestNode } from './harness.js';
import { errorCode, ownerClient, startTestNode } from './harness.js';

let node: TestNode;
let c: Client;
let recipient: Identity;
let deliveryHash: Uint8Array;

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-paper-'));
  mkdirSync(path.join(dir, 'reticulum'), { recursive: true });
  writeFileSync(path.join(dir, 'reticulum', 'config'), '[reticulum]\nshare_instance = No\n\n[interfaces]\n');
  return dir;
}

/** A paper message from a fresh sender identity to `to`, as LXMF's as_uri() writes it. */
function paper(to: Identity, toHash: Uint8Array, content: string, sender = Identity.generate()): { uri: string; hash: string } {
  const message = LXMessage.create({ destinationHash: toHash, source: sender, title: 'on paper', content, fields: null });
  const out = new Destination({ identity: to, direction: Direction.OUT, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['delivery'] });
  return { uri: buildPaper(message.packed, (pt) => out.encrypt(pt)).uri, hash: Buffer.from(message.hash).toString('hex') };
}

beforeAll(async () => {
  node = await startTestNode({}, { reticulum: true }, dataDir());
  c = await ownerClient(node);
  recipient = await loadIdentityFile(deliveryIdentityPath(node.dataDir));
  deliveryHash = new Destination({ identity: recipient, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['delivery'] }).hash;
});
afterAll(() => node?.cleanup());

type Msg = { id: string; hash: string; peerHash: string; method: string; content: string; title: string; direction: string };

describe('paper message import', () => {
  it('stores a paper message addressed to this node as an inbound message of its sender', async () => {
    const p = paper(recipient, deliveryHash, 'scanned from a QR code');
    const r = await c.post('/api/v1/messages/paper', { uri: p.uri });
    expect(r.status).toBe(201);
    const m = (r.body as { message: Msg }).message;
    expect(m).toMatchObject({ hash: p.hash, method: 'paper', direction: 'inbound', title: 'on paper', content: 'scanned from a QR code' });
    const list = (await c.get(`/api/v1/conversations/${m.peerHash}/messages`)).body as { messages: Msg[] };
    expect(list.messages.map((x) => x.hash)).toContain(p.hash);
    // The same paper again is a duplicate, said so, and stored once.
    const again = await c.post('/api/v1/messages/paper', { uri: p.uri });
    expect([again.status, errorCode(again)]).toEqual([409, 'PAPER_DUPLICATE']);
  });

  it('refuses malformed URIs, messages for someone else, and ones it cannot decrypt, with a reason', async () => {
    const bad = await c.post('/api/v1/messages/paper', { uri: 'https://example.org/x' });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION_FAILED']);
    const other = Identity.generate();
    const otherHash = new Destination({ identity: other, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['delivery'] }).hash;
    const notOurs = await c.post('/api/v1/messages/paper', { uri: paper(other, otherHash, 'x').uri });
    expect([notOurs.status, errorCode(notOurs)]).toEqual([400, 'PAPER_NOT_FOR_US']);
    // Addressed to us but encrypted to another key: well formed, unreadable.
    const wrongKey = await c.post('/api/v1/messages/paper', { uri: paper(other, deliveryHash, 'x').uri });
    expect([wrongKey.status, errorCode(wrongKey)]).toEqual([400, 'PAPER_UNREADABLE']);
    const short = await c.post('/api/v1/messages/paper', { uri: 'lxm://AAAA' });
    expect([short.status, errorCode(short)]).toEqual([400, 'PAPER_MALFORMED']);
  });
});
