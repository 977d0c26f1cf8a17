// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { takeEd25519Key, takeX25519Key } from './spare-keys.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('spare ephemeral keys', () => {
  it('never hands out the same key twice, whether a spare was ready or not', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      // Back to back (no spare yet) and after a turn of the event loop (spare ready).
      for (const key of [takeX25519Key(), takeX25519Key()]) seen.add(hex(key.privateBytes()));
      for (const key of [takeEd25519Key(), takeEd25519Key()]) seen.add(hex(key.seedBytes()));
      await nextTurn();
    }
    expect(seen.size).toBe(80);
  });
});
