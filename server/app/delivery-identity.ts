// SPDX-License-Identifier: MIT
// The node's LXMF delivery identity: a 64-byte private key file in the data dir (the same raw
// format as RNS identity files, so `rnid` and Sideband exports interoperate), mode 0600, created on
// first start. Export/import for the API: the file bytes, or the same bytes as RFC 4648 base32 text.
// Import replaces the file only; the running router keeps the old identity until the next start,
// because swapping keys under live links and queued messages would sign them inconsistently.
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Identity, loadIdentityFile, saveIdentityFile } from '../reticulum/identity/index.js';
import { deliveryDestinationHash } from '../lxmf/message.js';
import { AppError } from './errors.js';

export const IDENTITY_FILE_SIZE = 64;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `<dataDir>/identities/delivery`. */
export function deliveryIdentityPath(dataDir: string): string {
  return path.join(dataDir, 'identities', 'delivery');
}

/** Loads the delivery identity, creating it on first start. A corrupt file is an error, never replaced. */
export async function loadOrCreateDeliveryIdentity(file: string): Promise<{ identity: Identity; created: boolean }> {
  try {
    return { identity: await loadIdentityFile(file), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const identity = Identity.generate();
  await saveIdentityFile(identity, file);
  return { identity, created: true };
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Decodes base32 (case-insensitive, padding and whitespace ignored); null when not base32. */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** Export and import of the delivery identity file, for the identity endpoints. */
export class DeliveryIdentityService {
  constructor(private readonly file: string) {}

  /** The identity file's bytes and the same as base32, plus its public hash (hex). */
  async export(): Promise<{ bytes: Uint8Array; base32: string; identityHash: string }> {
    const bytes = new Uint8Array(await readFile(this.file));
    return { bytes, base32: base32Encode(bytes), identityHash: Identity.fromPrivateBytes(bytes).hexHash };
  }

  /**
   * What the identity endpoints show: both public hashes (hex) plus the private key as file bytes and
   * base32. Creates the identity if the node has never started Reticulum, as the first start would.
   */
  async describe(): Promise<{ identityHash: string; deliveryHash: string; base32: string; bytes: Uint8Array }> {
    await loadOrCreateDeliveryIdentity(this.file);
    const e = await this.export();
    const deliveryHash = Buffer.from(deliveryDestinationHash(Identity.fromPrivateBytes(e.bytes))).toString('hex');
    return { identityHash: e.identityHash, deliveryHash, base32: e.base32, bytes: e.bytes };
  }

  /**
   * Replaces the identity with `input` (raw file bytes or base32 text); takes effect at the next
   * start. The old file is kept as `delivery.bak` so a mistaken import can be undone by hand.
   */
  async import(input: Uint8Array | string): Promise<{ identityHash: string }> {
    const bytes = typeof input === 'string' ? base32Decode(input) : input;
    if (!bytes || bytes.length !== IDENTITY_FILE_SIZE) {
      throw new AppError('invalid', 'IDENTITY_INVALID', `an identity is ${IDENTITY_FILE_SIZE} bytes (raw file or base32 text)`);
    }
    let identity: Identity;
    try {
      identity = Identity.fromPrivateBytes(bytes);
    } catch (error) {
      throw new AppError('invalid', 'IDENTITY_INVALID', 'not a valid Reticulum identity', undefined, { cause: error });
    }
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await rm(`${this.file}.bak`, { force: true });
    await rename(this.file, `${this.file}.bak`).catch((error: NodeJS.ErrnoException) => {
      // No current identity (never started): nothing to keep.
      if (error.code !== 'ENOENT') throw error;
    });
    await saveIdentityFile(identity, this.file);
    return { identityHash: identity.hexHash };
  }
}
