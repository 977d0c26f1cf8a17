// SPDX-License-Identifier: MIT
// Identity files. The reference's Identity.to_file writes the raw 64-byte private blob and
// nothing else (no header, no encoding); Identity.from_file reads it back. Files written here are
// therefore interchangeable with `rnid`, Sideband, NomadNet and MeshChat identity files.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { RnsDecodeError } from '../errors.js';
import { IDENTITY_KEY_SIZE, Identity } from './identity.js';

/**
 * Loads an identity file.
 * @throws RnsDecodeError `RNS_ERR_IDENTITY_FILE` when the file is not exactly 64 bytes; fs errors
 *   (ENOENT, EACCES) propagate unchanged.
 */
export async function loadIdentityFile(path: string): Promise<Identity> {
  const bytes = await readFile(path);
  if (bytes.length !== IDENTITY_KEY_SIZE) {
    throw new RnsDecodeError('RNS_ERR_IDENTITY_FILE', `identity file ${path} has ${bytes.length} bytes, expected ${IDENTITY_KEY_SIZE}`);
  }
  return Identity.fromPrivateBytes(new Uint8Array(bytes));
}

/**
 * Writes the private blob of `identity` to `path`, readable by the owner only (0600). Written to a
 * temporary file first and renamed, so a crash never leaves a truncated key behind.
 * @throws RnsArgumentError `RNS_ERR_NO_PRIVATE_KEY` for a public-only identity; fs errors propagate.
 */
export async function saveIdentityFile(identity: Identity, path: string): Promise<void> {
  const blob = identity.privateKeyBytes();
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(blob);
    await handle.sync();
  } finally {
    await handle.close();
    blob.fill(0);
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined); // best-effort cleanup; the rename error is what matters
    throw e;
  }
}
