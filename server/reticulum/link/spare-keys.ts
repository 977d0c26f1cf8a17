// SPDX-License-Identifier: MIT
// Ephemeral link keys made before they are needed. A handshake needs a fresh X25519 key on both
// sides and a fresh Ed25519 key on the initiator; making one costs ~70 µs (scalar multiplication
// for the public half), which sat on the critical path of every link request and proof. One spare
// of each is made in idle time right after the previous one is taken, so the next handshake finds
// it ready. Each key is handed out once and never kept after that; a spare is as secret as any
// other key in this process's memory, and lives at most until the next handshake.
import { Ed25519PrivateKey, X25519PrivateKey } from '../crypto/index.js';

let spareX25519: X25519PrivateKey | null = null;
let spareEd25519: Ed25519PrivateKey | null = null;
let refillQueued = false;
// Only what handshakes here actually take is made again: a node that only accepts links never
// needs an Ed25519 spare.
let wantX25519 = false;
let wantEd25519 = false;

function refillSoon(): void {
  if (refillQueued) return;
  refillQueued = true;
  // unref: a spare key never keeps the process alive.
  setImmediate(() => {
    refillQueued = false;
    // public() is derived and cached now too: the handshake sends it at once.
    if (wantX25519) (spareX25519 ??= X25519PrivateKey.generate()).public();
    if (wantEd25519) (spareEd25519 ??= Ed25519PrivateKey.generate()).public();
    wantX25519 = wantEd25519 = false;
  }).unref();
}

/** A fresh ephemeral X25519 key (the spare if there is one). */
export function takeX25519Key(): X25519PrivateKey {
  const key = spareX25519 ?? X25519PrivateKey.generate();
  spareX25519 = null;
  wantX25519 = true;
  refillSoon();
  return key;
}

/** A fresh ephemeral Ed25519 key (the spare if there is one). */
export function takeEd25519Key(): Ed25519PrivateKey {
  const key = spareEd25519 ?? Ed25519PrivateKey.generate();
  spareEd25519 = null;
  wantEd25519 = true;
  refillSoon();
  return key;
}
