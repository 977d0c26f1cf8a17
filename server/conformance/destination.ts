// SPDX-License-Identifier: MIT
// Bridge commands over server/reticulum/destination naming: name hashes and destination hashes.
import * as z from 'zod';
import { appAndAspectsFromName, destinationHash, hashFromNameAndIdentity, nameHash } from '../reticulum/destination/index.js';
import { aspects, hex, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/** A 16-byte identity hash, or null/absent for identity-less (PLAIN) hashing. */
const identityHash = hex.nullish().transform((b) => b ?? null);

export function registerDestinationCommands(r: CommandRegistry): void {
  // The reference hashes the dotted name verbatim: SHA-256(utf8(name))[0:10]. Splitting on "." and
  // re-joining inside nameHash() gives back the same string for every input, empty components too.
  r.add('name_hash', z.object({ name: z.string() }), ({ name }) => {
    const { appName, aspects: parts } = appAndAspectsFromName(name);
    return { hash: toHex(nameHash(appName, parts)) };
  });
  r.add('destination_hash', z.object({ app_name: z.string(), aspects, identity_hash: identityHash }), (p) => ({
    destination_hash: toHex(destinationHash(p.identity_hash, p.app_name, p.aspects)),
  }));
  r.add('hash_from_name_and_identity', z.object({ full_name: z.string(), identity_hash: identityHash }), (p) => ({
    destination_hash: toHex(hashFromNameAndIdentity(p.full_name, p.identity_hash)),
  }));
  r.add('app_and_aspects_from_name', z.object({ full_name: z.string() }), ({ full_name }) => {
    const { appName, aspects: parts } = appAndAspectsFromName(full_name);
    return { app_name: appName, aspects: parts };
  });
}
