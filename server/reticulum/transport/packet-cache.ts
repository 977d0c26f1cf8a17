// SPDX-License-Identifier: MIT
// Packet hashlist for duplicate suppression (RNS/Transport.py :: add_packet_hash, jobs rotation;
// protocol §6.2). Two generations: when the current set reaches half the maximum it becomes the
// previous one and a new set starts, so memory is bounded by `maxSize` hashes and a hash is
// remembered for at least maxSize/2 further insertions.
import { toHex } from '../wire/bytes.js';
import { HASHLIST_MAXSIZE } from './constants.defaults.js';

export class PacketHashlist {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly half: number;

  constructor(maxSize: number = HASHLIST_MAXSIZE) {
    this.half = Math.max(1, Math.floor(maxSize / 2));
  }

  has(hash: Uint8Array): boolean {
    const k = toHex(hash);
    return this.current.has(k) || this.previous.has(k);
  }

  add(hash: Uint8Array): void {
    this.current.add(toHex(hash));
    if (this.current.size >= this.half) {
      this.previous = this.current;
      this.current = new Set();
    }
  }

  /** Forgets a hash (a link packet heard on the wrong interface may still arrive another way). */
  delete(hash: Uint8Array): void {
    const k = toHex(hash);
    this.current.delete(k);
    this.previous.delete(k);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/** A Map bounded by insertion order: inserting past `max` drops the oldest entry. */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  has(k: string): boolean {
    return this.map.has(k);
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }
  delete(k: string): boolean {
    return this.map.delete(k);
  }
  get size(): number {
    return this.map.size;
  }
  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }
  clear(): void {
    this.map.clear();
  }
}
