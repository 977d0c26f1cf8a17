// SPDX-License-Identifier: MIT
// The propagation nodes this node has heard (LXMF/LXMRouter.py :: propagation announce handling in
// LXMF/Handlers.py :: LXMFPropagationAnnounceHandler; protocol §11.7). Each lxmf.propagation
// announce with valid app_data updates one entry; `nearest` picks the active node with the fewest
// hops for automatic selection.
import type { Identity } from '../../reticulum/identity/index.js';
import type { AnnounceEvent } from '../../reticulum/transport/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { parsePropagationAppData } from '../announce-data.js';
import type { PropagationAnnounceData } from '../announce-data.js';

/** A propagation node as announced. */
export interface PropagationNodeInfo extends PropagationAnnounceData {
  destinationHash: Uint8Array;
  identity: Identity;
  hops: number;
  /** Unix seconds when the last announce was heard. */
  lastHeard: number;
}

/** Directory of heard propagation nodes, by destination hash. */
export class PropagationNodes {
  private readonly nodes = new Map<string, PropagationNodeInfo>();

  /** Feeds an lxmf.propagation announce; returns the entry, or null for invalid app_data. */
  heard(e: AnnounceEvent, nowSeconds: number = Date.now() / 1000): PropagationNodeInfo | null {
    const data = parsePropagationAppData(e.appData);
    if (!data) return null;
    const key = toHex(e.destinationHash);
    const previous = this.nodes.get(key);
    // An older timebase is a replayed or delayed announce: keep what we have (as LXMRouter.peer does).
    if (previous && data.timebase < previous.timebase) return previous;
    const info: PropagationNodeInfo = { ...data, destinationHash: e.destinationHash.slice(), identity: e.identity, hops: e.hops, lastHeard: nowSeconds };
    this.nodes.set(key, info);
    return info;
  }

  get(destinationHash: Uint8Array): PropagationNodeInfo | undefined {
    return this.nodes.get(toHex(destinationHash));
  }

  /** Every known node, nearest first. */
  list(): PropagationNodeInfo[] {
    return [...this.nodes.values()].sort((a, b) => a.hops - b.hops || b.lastHeard - a.lastHeard);
  }

  /** The active node with the fewest hops (ties: most recently heard), or null. */
  nearest(): PropagationNodeInfo | null {
    return this.list().find((n) => n.nodeState) ?? null;
  }
}
