// SPDX-License-Identifier: MIT
// Preparing one outgoing segment (RNS/Resource.py :: Resource.__init__, the part from the random
// prefix to the hashmap): encrypt, hash, cut into parts. A full segment is 1 MiB: three SHA-256
// passes (data, token HMAC, map hashes) and one AES pass, ~4 ms of CPU. The next segment of a
// split resource is prepared while the current one is being served, in slices each followed by an
// event-loop turn: requests that arrive meanwhile wait for one slice, not for the whole segment,
// and the receiver's proof no longer waits for the next advertisement to be ready.
import { sha256Parts, sha256Stream, truncatedHash } from '../crypto/index.js';
import type { ResourceLinkPort } from './port.js';
import * as C from './constants.js';

export interface Part {
  data: Uint8Array;
  mapHash: Uint8Array;
  /** mapHash in hex, the form requests are matched in (computed once, not per request). */
  key: string;
  sent: boolean;
}

export interface BuiltSegment {
  /** The link token of random prefix (4) || payload: what the parts are cut from. */
  encrypted: Uint8Array;
  randomHash: Uint8Array;
  /** SHA-256(data || random hash): the resource hash. */
  hash: Uint8Array;
  /** SHA-256(data || resource hash): the proof the receiver must return. */
  proof: Uint8Array;
  parts: Part[];
  hashmap: Uint8Array;
}

/** Bytes hashed or encrypted per slice (~0.1–0.2 ms of work on a laptop-class core). */
const SLICE_BYTES = 128 * 1024;

/**
 * Counts work done and gives the event loop a turn (its I/O first) after every slice of it.
 * Without `wanted` it never yields: a segment the transfer is waiting for is built in one go.
 */
class Slicer {
  private done = 0;

  constructor(private readonly wanted: (() => boolean) | undefined) {}

  /** False when the segment is no longer wanted after the turn. */
  async worked(bytes: number): Promise<boolean> {
    this.done += bytes;
    if (!this.wanted || this.done < SLICE_BYTES) return true;
    this.done = 0;
    await new Promise((resolve) => setImmediate(resolve));
    return this.wanted();
  }
}

/** Draws `get_random_hash()[:4]`: the reference hashes 16 random bytes and keeps 4. */
function randomHash4(port: ResourceLinkPort): Uint8Array {
  return truncatedHash(port.random(16)).slice(0, C.RANDOM_HASH_SIZE);
}

/**
 * Builds the segment whose hashed bytes are `hashed` (metadata prefix and data) and whose
 * transferred bytes are `payload` (`hashed`, or its bz2 form). Random draws come in the
 * reference's order: the stream prefix, the token IV, the random hash (again after a map-hash
 * collision). With `wanted` (a segment prepared ahead) the work is sliced, and it resolves to
 * null when `wanted()` turns false between slices (the transfer ended); without, it runs through.
 */
export async function buildSegment(
  port: ResourceLinkPort,
  hashed: Uint8Array,
  payload: Uint8Array,
  sdu: number,
  wanted?: () => boolean,
): Promise<BuiltSegment | null> {
  const slicer = new Slicer(wanted);
  const prefix = randomHash4(port);
  const encryptor = port.encryptor(prefix.length + payload.length);
  encryptor.update(prefix);
  // The resource hash and the proof both begin with the data: one SHA-256 state over it, copied
  // for each ending. Uncompressed, the data is hashed in the pass that encrypts it.
  const data = sha256Stream();
  const together = payload === hashed;
  for (let at = 0; at < payload.length; at += SLICE_BYTES) {
    const slice = payload.subarray(at, at + SLICE_BYTES);
    encryptor.update(slice);
    if (together) data.update(slice);
    if (!(await slicer.worked(together ? 2 * slice.length : slice.length))) return null;
  }
  const encrypted = encryptor.final();
  for (let at = 0; !together && at < hashed.length; at += SLICE_BYTES) {
    const slice = hashed.subarray(at, at + SLICE_BYTES);
    data.update(slice);
    if (!(await slicer.worked(slice.length))) return null;
  }
  for (;;) {
    const randomHash = randomHash4(port);
    const hash = data.copy().update(randomHash).digest();
    const cut = await cutParts(encrypted, sdu, randomHash, slicer);
    if (cut === 'abandoned') return null;
    if (cut === 'collision') continue;
    return { encrypted, randomHash, hash, proof: data.copy().update(hash).digest(), ...cut };
  }
}

/**
 * Cuts parts and builds the hashmap; 'collision' when two map hashes meet inside the window the
 * receiver searches (the reference then draws a new random hash and starts over).
 */
async function cutParts(
  encrypted: Uint8Array,
  sdu: number,
  randomHash: Uint8Array,
  slicer: Slicer,
): Promise<{ parts: Part[]; hashmap: Uint8Array } | 'collision' | 'abandoned'> {
  const n = Math.ceil(encrypted.length / sdu);
  const parts: Part[] = [];
  const hashmap = new Uint8Array(n * C.MAPHASH_LEN);
  const guard: string[] = [];
  const guardSet = new Set<string>();
  for (let i = 0; i < n; i++) {
    const data = encrypted.subarray(i * sdu, (i + 1) * sdu);
    const mapHash = sha256Parts(data, randomHash).slice(0, C.MAPHASH_LEN);
    const key = Buffer.from(mapHash).toString('hex');
    if (guardSet.has(key)) return 'collision';
    guard.push(key);
    guardSet.add(key);
    if (guard.length > C.COLLISION_GUARD_SIZE) guardSet.delete(guard.shift() as string);
    hashmap.set(mapHash, i * C.MAPHASH_LEN);
    parts.push({ data, mapHash, key, sent: false });
    if (!(await slicer.worked(data.length))) return 'abandoned';
  }
  return { parts, hashmap };
}
