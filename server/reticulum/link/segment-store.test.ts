// SPDX-License-Identifier: MIT
// The split-resource assembly buffer: segments written into its room are taken in place, the
// first one after its metadata prefix; anything else is copied, and nothing but appended data is
// ever handed out.
import { describe, expect, it } from 'vitest';
import { SegmentStore } from './segment-store.js';

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

describe('SegmentStore', () => {
  it('takes segments decrypted into its room in place, after the first one’s metadata prefix', () => {
    const store = new SegmentStore();
    const first = store.room(10);
    first.set([0xee, 0xee, 1, 1, 1, 1]); // a 2-byte metadata prefix, then 4 bytes of data
    store.append(first.subarray(2, 6));
    const second = store.room(10);
    expect(second.byteOffset - first.byteOffset).toBe(6);
    second.set([2, 2, 2, 2, 2, 2]);
    store.append(second.subarray(0, 6));
    expect(store.bytes).toBe(10);
    const data = store.take();
    expect([...data]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    // The same memory the segments were written into: assembling copied nothing.
    expect(data.buffer).toBe(first.buffer);
  });

  it('copies a segment that was not written into its room, and grows past the advertised total', () => {
    const store = new SegmentStore();
    store.room(4);
    store.append(bytes(3, 7)); // e.g. decompressed data, which has its own buffer
    store.append(bytes(30, 8)); // more than the advertised total (and its slack) said
    const data = store.take();
    expect(data.length).toBe(33);
    expect([...data.subarray(0, 3)]).toEqual([7, 7, 7]);
    expect(data.subarray(3).every((b) => b === 8)).toBe(true);
  });

  it('copies room written out of order instead of handing out the bytes between', () => {
    const store = new SegmentStore();
    const room = store.room(8);
    room.set([1, 1, 9, 9, 2, 2]);
    store.append(room.subarray(0, 2));
    store.append(room.subarray(4, 6)); // not right after the first: copied to where it belongs
    expect([...store.take()]).toEqual([1, 1, 2, 2]);
  });

  it('keeps a lone segment as it is when no room was asked for (an unsplit resource)', () => {
    const store = new SegmentStore();
    const only = bytes(5, 3);
    store.append(only);
    const data = store.take();
    expect(data.buffer).toBe(only.buffer);
    expect([data.byteOffset, data.length]).toEqual([only.byteOffset, only.length]);
  });

  it('never takes a slice of Buffer’s shared pool for its own room', () => {
    const store = new SegmentStore();
    store.room(16);
    const pooled = Buffer.from([4, 4, 4]); // small Buffers share one pool allocation
    store.append(pooled);
    const data = store.take();
    expect([...data]).toEqual([4, 4, 4]);
    expect(data.buffer).not.toBe(pooled.buffer);
  });
});
