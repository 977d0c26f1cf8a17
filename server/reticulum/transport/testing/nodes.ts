// SPDX-License-Identifier: MIT
// Test helpers: build Transport nodes and destinations, wait for conditions. Used by transport tests.
import { Destination, DestinationType, Direction, ProofStrategy } from '../../destination/index.js';
import { Identity, KnownIdentities } from '../../identity/index.js';
import type { NetworkInterface } from '../../interfaces/interface.js';
import { Transport } from '../transport.js';
import type { TransportOptions } from '../types.js';

export interface TestNode {
  t: Transport;
  known: KnownIdentities;
}

export function makeNode(interfaces: NetworkInterface[], opts: Partial<TransportOptions> = {}, now?: () => number): TestNode {
  const known = new KnownIdentities();
  const t = new Transport({ knownIdentities: known, ...(now ? { clock: { now } } : {}) }, { interfaces, jobIntervalMs: 50, ...opts });
  return { t, known };
}

/** An IN SINGLE destination `strandtest.<aspect>` that proves everything. */
export function inDestination(aspect = 'echo', identity: Identity = Identity.generate()): Destination {
  const d = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'strandtest', aspects: [aspect] });
  d.proofStrategy = ProofStrategy.PROVE_ALL;
  return d;
}

/** The OUT counterpart of a remote destination whose identity we recalled. */
export function outDestination(identity: Identity, aspect = 'echo'): Destination {
  return new Destination({ identity, direction: Direction.OUT, type: DestinationType.SINGLE, appName: 'strandtest', aspects: [aspect] });
}

/** Polls `cond` every 10 ms until true; throws after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
