// SPDX-License-Identifier: MIT
// The ratchet ring of our lxmf.delivery destination, kept across restarts as RNS keeps it. Peers
// encrypt to the ratchet we last announced; if a restart forgot our ratchets, their messages could
// not be decrypted until they heard a new announce. The file is the reference's signed format
// (RatchetRing.serialize), mode 0600, written atomically.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import type { Identity } from '../reticulum/identity/index.js';
import { RatchetRing } from '../reticulum/identity/index.js';

/** `<identity file>.ratchets`, next to the delivery identity. */
export function deliveryRatchetsPath(identityFile: string): string {
  return `${identityFile}.ratchets`;
}

/**
 * Loads the ring; a missing file gives a fresh ring. A file that fails its signature or does not
 * parse is reported through `warn` and replaced by a fresh ring (it cannot be used, and refusing to
 * start would lock the owner out of their messages).
 */
export async function loadDeliveryRatchets(file: string, identity: Identity, warn: (message: string) => void): Promise<RatchetRing> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read ${file}: ${(error as Error).message}; starting new ratchets`);
    return new RatchetRing();
  }
  try {
    return RatchetRing.deserialize(bytes, identity);
  } catch (error) {
    warn(`ignoring ${file}: ${(error as Error).message}; starting new ratchets`);
    return new RatchetRing();
  }
}

/** Writes the ring atomically (temporary file, then rename), mode 0600. */
export async function saveDeliveryRatchets(file: string, ring: RatchetRing, identity: Identity): Promise<void> {
  if (ring.size === 0) return;
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, ring.serialize(identity), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
