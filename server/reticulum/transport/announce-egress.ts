// SPDX-License-Identifier: MIT
// Which interfaces a broadcast announce may leave on, by interface mode (RNS/Transport.py ::
// outbound, the announce branch; protocol §6.5). Modes describe where an interface sits:
// an access point serves clients that do not need the network's announces; a roaming interface
// moves between networks, so announces heard on roaming or boundary interfaces are not carried
// onto it; a boundary interface joins two networks and does not import roaming announces.
// Announces of this instance's own destinations may always leave (except on access points).
import type { InterfaceMode, NetworkInterface } from '../interfaces/interface.js';

/** 'cap': goes through the interface's announce cap; 'send': sent now; 'block': not on this interface. */
export type AnnounceEgress = 'send' | 'cap' | 'block';

export interface EgressInput {
  /** Interface the packet was addressed to (a path response): no mode rule applies. */
  attached: boolean;
  /** The destination is registered on this instance. */
  local: boolean;
  /** Interface the path to the destination was learned on (null when unknown). */
  from: NetworkInterface | null;
  hops: number;
}

const blocksFrom: Partial<Record<InterfaceMode, readonly InterfaceMode[]>> = {
  roaming: ['roaming', 'boundary'],
  boundary: ['roaming'],
};

export function announceEgress(iface: NetworkInterface, a: EgressInput): AnnounceEgress {
  if (a.attached) return 'send';
  if (!a.local && a.from === null) return 'block';
  if (iface.mode === 'access_point') return 'block';
  const blocked = blocksFrom[iface.mode];
  if (blocked) {
    // The reference applies no announce cap on roaming and boundary interfaces.
    return !a.local && a.from !== null && blocked.includes(a.from.mode) ? 'block' : 'send';
  }
  return a.hops > 0 ? 'cap' : 'send';
}
