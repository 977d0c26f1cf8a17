// SPDX-License-Identifier: MIT
// Pure parts of AutoInterface peer discovery: the multicast group address derived from the group
// id, the discovery token, address normalisation and NIC selection.
// Reference: RNS/Interfaces/AutoInterface.py :: AutoInterface.__init__, descope_linklocal,
// discovery_handler, peer_announce.

import type os from 'node:os';
import { sha256 } from '../crypto/index.js';

export const AUTO_DEFAULT_GROUP_ID = 'reticulum';
export const AUTO_DEFAULT_DISCOVERY_PORT = 29716;
export const AUTO_DEFAULT_DATA_PORT = 42671;
/** AutoInterface.HW_MTU (FIXED_MTU: never auto-configured). */
export const AUTO_HW_MTU = 1196;
export const AUTO_BITRATE_GUESS = 10_000_000;
/** AutoInterface.ANNOUNCE_INTERVAL, PEER_JOB_INTERVAL, PEERING_TIMEOUT, MCAST_ECHO_TIMEOUT. */
export const AUTO_ANNOUNCE_INTERVAL_MS = 1_600;
export const AUTO_PEER_JOB_INTERVAL_MS = 4_000;
export const AUTO_PEERING_TIMEOUT_MS = 22_000;
export const AUTO_MCAST_ECHO_TIMEOUT_MS = 6_500;
/** Reverse (unicast) peering every ANNOUNCE_INTERVAL × 3.25. */
export const AUTO_REVERSE_PEERING_FACTOR = 3.25;
/** final_init waits ANNOUNCE_INTERVAL × 1.2 before going online. */
export const AUTO_PEERING_WAIT_FACTOR = 1.2;
/** Cross-NIC duplicate suppression: MULTI_IF_DEQUE_LEN entries, MULTI_IF_DEQUE_TTL. */
export const AUTO_DEDUP_ENTRIES = 48;
export const AUTO_DEDUP_TTL_MS = 750;
/** Interfaces RNS never adopts on any platform. */
const ALL_IGNORE_IFS = ['lo0'];

export type DiscoveryScope = 'link' | 'admin' | 'site' | 'organisation' | 'global';
const SCOPE_NIBBLE: Record<DiscoveryScope, string> = { link: '2', admin: '4', site: '5', organisation: '8', global: 'e' };

const utf8 = new TextEncoder();

/** Maps the config spellings; unknown values fall back to the defaults as in RNS. */
export function parseScope(value: string | undefined): DiscoveryScope {
  const v = value?.toLowerCase();
  return v === 'admin' || v === 'site' || v === 'organisation' || v === 'global' ? v : 'link';
}

/**
 * The discovery multicast address: `ff<type><scope>:0:` followed by six 16-bit words of
 * SHA-256(group_id) bytes 2..13 (the first word is a literal 0 in RNS). Default group and
 * settings give `ff12:0:d70b:fb1c:16e4:5e39:485e:31e1`.
 */
export function multicastAddress(groupId: string, scope: DiscoveryScope = 'link', addressType: 'temporary' | 'permanent' = 'temporary'): string {
  const g = sha256(utf8.encode(groupId));
  const words = ['0'];
  for (let i = 2; i < 14; i += 2) words.push(((g[i]! << 8) + g[i + 1]!).toString(16).padStart(2, '0')); // RNS formats with {:02x}
  return `ff${addressType === 'permanent' ? '0' : '1'}${SCOPE_NIBBLE[scope]}:${words.join(':')}`;
}

/** SHA-256(group_id || address string): what a node multicasts and what peers check. */
export function discoveryToken(groupId: string, linkLocalAddress: string): Uint8Array {
  return sha256(utf8.encode(groupId + linkLocalAddress));
}

/**
 * Drops a `%scope` suffix (Node reports link-local sources as `fe80::1%eth0`, Python without) and
 * BSD embedded scopes (`fe80:4::1` → `fe80::1`), so tokens hash the same string RNS hashes.
 */
export function descope(address: string): string {
  return address.split('%')[0]!.replace(/^fe80:[0-9a-f]*::/i, 'fe80::');
}

/** One NIC adopted for discovery: its name, scope id and descoped link-local address. */
export interface AdoptedNic {
  name: string;
  scopeId: number;
  address: string;
}

/** NICs with an IPv6 link-local address, filtered by `devices` / `ignored_devices` as RNS does. */
export function selectNics(nics: NodeJS.Dict<os.NetworkInterfaceInfo[]>, devices: readonly string[], ignored: readonly string[]): AdoptedNic[] {
  const out: AdoptedNic[] = [];
  for (const [name, addresses] of Object.entries(nics)) {
    if (!addresses || ignored.includes(name) || ALL_IGNORE_IFS.includes(name)) continue;
    if (devices.length > 0 && !devices.includes(name)) continue;
    const ll = addresses.find((a) => a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:'));
    if (!ll) continue;
    out.push({ name, scopeId: ll.scopeid ?? 0, address: descope(ll.address.toLowerCase()) });
  }
  return out;
}
