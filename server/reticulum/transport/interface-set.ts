// SPDX-License-Identifier: MIT
// The interfaces Transport sends on. Configured interfaces are fixed; server-like interfaces (TCP and
// Local servers, AutoInterface) report per-peer "spawned" interfaces through onStatus/onPacket, which
// RNS registers with Transport individually. Broadcasts go to each spawned peer instead of its
// parent, so nothing is sent twice, and paths learned over a peer die with it.
import type { NetworkInterface } from '../interfaces/interface.js';
import { AnnounceCap } from './announce-control.js';

export class InterfaceSet {
  private readonly spawned = new Map<NetworkInterface, NetworkInterface>();
  private readonly parents = new Set<NetworkInterface>();
  private readonly caps = new Map<NetworkInterface, AnnounceCap>();

  constructor(readonly configured: readonly NetworkInterface[]) {}

  /** Records a spawned peer coming or going. Returns true when one went away. */
  status(parent: NetworkInterface, from: NetworkInterface, online: boolean): boolean {
    if (from === parent) return false;
    if (online) {
      this.spawned.set(from, parent);
      this.parents.add(parent);
      return false;
    }
    this.caps.delete(from);
    return this.spawned.delete(from);
  }

  /** A packet from `from` via `parent`: adopt a peer we were not told about (only while online). */
  seen(parent: NetworkInterface, from: NetworkInterface): void {
    if (from !== parent && !this.spawned.has(from) && from.online) this.status(parent, from, true);
  }

  /** Where broadcasts go. */
  outbound(): NetworkInterface[] {
    return [...this.configured.filter((i) => !this.parents.has(i)), ...this.spawned.keys()];
  }

  live(): Set<NetworkInterface> {
    return new Set([...this.configured, ...this.spawned.keys()]);
  }

  capOf(iface: NetworkInterface): AnnounceCap {
    let cap = this.caps.get(iface);
    if (!cap) this.caps.set(iface, (cap = new AnnounceCap(iface)));
    return cap;
  }

  /** Job step of every announce cap; returns the number of queued announces left. */
  processCaps(now: number): number {
    let queued = 0;
    for (const cap of this.caps.values()) {
      cap.process(now);
      queued += cap.queued;
    }
    return queued;
  }

  queued(): number {
    let n = 0;
    for (const cap of this.caps.values()) n += cap.queued;
    return n;
  }

  /** Forgets the peers spawned by `parent` (it is being removed) and returns them. */
  removeParent(parent: NetworkInterface): NetworkInterface[] {
    const gone = [...this.spawned].filter(([, p]) => p === parent).map(([child]) => child);
    for (const child of gone) this.status(parent, child, false);
    this.parents.delete(parent);
    this.caps.delete(parent);
    return gone;
  }

  clear(): void {
    this.spawned.clear();
    this.parents.clear();
    this.caps.clear();
  }
}
