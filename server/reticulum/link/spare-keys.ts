// SPDX-License-Identifier: MIT
// Ephemeral link keys made before they are needed. A handshake needs a fresh X25519 key on both
// sides and a fresh Ed25519 key on the initiator; making one costs ~70 µs (scalar multiplication
// for the public half), which sat on the critical path of every link request and proof. One spare
// of each is made in idle time right after the previous one is taken, so the next handshake finds
// it ready. Each key is handed out once and never kept after that; a spare is as secret as any
// other key in this process's memory, and lives at most until the next handshake.
import { Ed25519PrivateKey, X25519PrivateKey } from '../crypto/index.js';

/** One spare key of a kind, made again in idle time once taken. */
class Spare<K extends { public(): unknown }> {
  private key: K | null = null;
  private wanted = false;

  constructor(private readonly make: () => K) {}

  take(): K {
    const key = this.key ?? this.make();
    this.key = null;
    this.wanted = true;
    refillSoon();
    return key;
  }

  /** Only what handshakes here actually take is made again (an accept-only node needs no Ed25519). */
  refill(): void {
    if (!this.wanted) return;
    this.wanted = false;
    // public() is derived and cached now too: the handshake sends it at once.
    (this.key ??= this.make()).public();
  }
}

const spareX25519 = new Spare(() => X25519PrivateKey.generate());
const spareEd25519 = new Spare(() => Ed25519PrivateKey.generate());
let refillQueued = false;

function refillSoon(): void {
  if (refillQueued) return;
  refillQueued = true;
  // unref: a spare key never keeps the process alive.
  setImmediate(() => {
    refillQueued = false;
    spareX25519.refill();
    spareEd25519.refill();
  }).unref();
}

/** A fresh ephemeral X25519 key (the spare if there is one). */
export function takeX25519Key(): X25519PrivateKey {
  return spareX25519.take();
}

/** A fresh ephemeral Ed25519 key (the spare if there is one). */
export function takeEd25519Key(): Ed25519PrivateKey {
  return spareEd25519.take();
}
