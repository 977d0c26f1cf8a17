// SPDX-License-Identifier: MIT
// The on-disk layout of a Reticulum config dir, as RNS lays it out (RNS/Reticulum.py ::
// Reticulum.__init__): `<dir>/config` (the config file), `<dir>/storage/` (state), and in it
// `transport_identity` (the raw 64-byte private blob, interchangeable with RNS's file).
// Known identities are stored as JSON under a name of our own, so pointing Strand at an existing
// ~/.reticulum never overwrites RNS's msgpack `known_destinations`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RnsError } from '../errors.js';
import { DEFAULT_CONFIG_TEXT } from '../config/index.js';
import { Identity, loadIdentityFile, saveIdentityFile } from '../identity/index.js';

/** Paths of one config dir. */
export interface StackPaths {
  configDir: string;
  configFile: string;
  storageDir: string;
  transportIdentityFile: string;
  knownIdentitiesFile: string;
}

export function stackPaths(configDir: string): StackPaths {
  const storageDir = path.join(configDir, 'storage');
  return {
    configDir,
    configFile: path.join(configDir, 'config'),
    storageDir,
    transportIdentityFile: path.join(storageDir, 'transport_identity'),
    knownIdentitiesFile: path.join(storageDir, 'strand_known_identities.json'),
  };
}

const isEnoent = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Creates the config dir and storage dir (0700: they hold private keys) and writes the default
 * config when there is none, as RNS does on first run. Returns the config text and whether it was created.
 */
export async function ensureConfigFile(paths: StackPaths): Promise<{ text: string; created: boolean }> {
  await mkdir(paths.configDir, { recursive: true, mode: 0o700 });
  await mkdir(paths.storageDir, { recursive: true, mode: 0o700 });
  try {
    return { text: await readFile(paths.configFile, 'utf8'), created: false };
  } catch (e) {
    if (!isEnoent(e)) throw e;
  }
  // 'wx': if another process wrote it in the meantime, keep theirs and read it back.
  try {
    await writeFile(paths.configFile, DEFAULT_CONFIG_TEXT, { flag: 'wx', mode: 0o600 });
    return { text: DEFAULT_CONFIG_TEXT, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { text: await readFile(paths.configFile, 'utf8'), created: false };
  }
}

/**
 * Loads the transport identity, creating and saving a new one (mode 0600) when the file is missing.
 * @throws RnsError `RNS_ERR_TRANSPORT_IDENTITY` when the file exists but is unreadable or corrupt:
 *   silently replacing it would change this node's identity behind the user's back.
 */
export async function loadOrCreateTransportIdentity(file: string): Promise<{ identity: Identity; created: boolean }> {
  try {
    return { identity: await loadIdentityFile(file), created: false };
  } catch (e) {
    if (!isEnoent(e)) {
      throw new RnsError('RNS_ERR_TRANSPORT_IDENTITY', `cannot load the transport identity ${file}: ${e instanceof Error ? e.message : String(e)}; move it away to create a new one`, { cause: e });
    }
  }
  const identity = Identity.generate();
  await saveIdentityFile(identity, file);
  return { identity, created: true };
}
