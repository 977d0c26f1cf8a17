// SPDX-License-Identifier: MIT
// Two link engines wired back to back in memory, without Transport or sockets: the initiator's
// packets go to the responder (created from the link request) and back. Used by tests and by
// the in-memory link benchmark; `tap` lets a test drop or corrupt packets in flight.
import { Identity } from '../identity/index.js';
import { PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { truncatedHash, concatBytes, sha256 } from '../crypto/index.js';
import { Link } from './link.js';
import type { InitiateOptions, LinkCallbacks } from './link.js';
import type { Scheduler } from './scheduler.js';
import type { LinkOwner } from './types.js';

export type Direction = 'toResponder' | 'toInitiator';

export interface MemoryPairOptions {
  scheduler?: Scheduler;
  random?: (n: number) => Uint8Array;
  /** MTU the initiator signals and the responder's interface allows (default 500). */
  mtu?: number;
  /** Responder destination; a fresh identity and 'strand.test' destination otherwise. */
  owner?: LinkOwner;
  responderCallbacks?: LinkCallbacks;
  initiator?: InitiateOptions;
  /** Deliver on `setImmediate` (real-time tests) instead of the manual `pump()` queue. */
  async?: boolean;
  /** Sees every packet in flight; return null to drop it or a (modified) packet to deliver. */
  tap?: (packet: Packet, direction: Direction) => Packet | null;
  /**
   * Called as a packet leaves the queue, before it is delivered and outside any send: the place
   * to move a manual clock by the packet's time on the wire (timers it makes due fire there, as
   * they would between two packets on a real link).
   */
  beforeDeliver?: (packet: Packet, direction: Direction) => void;
}

export interface MemoryPair {
  initiator: Link;
  /** The responder once the link request arrived. */
  responder(): Link | null;
  owner: LinkOwner;
  /** Delivers queued packets until none are left (synchronous mode). */
  pump(): void;
  /** Stops delivering anything (a peer "killed"). */
  cut(): void;
}

/** Destination hash of `app.aspects` for `identity` (what Destination computes). */
export function destinationHashFor(identity: Identity, name: string): Uint8Array {
  const nameHash = sha256(new TextEncoder().encode(name)).slice(0, 10);
  return truncatedHash(concatBytes(nameHash, identity.hash));
}

export function createMemoryPair(opts: MemoryPairOptions = {}): MemoryPair {
  const queue: (() => void)[] = [];
  let cut = false;
  let responder: Link | null = null;
  const owner: LinkOwner = opts.owner ?? (() => {
    const identity = Identity.generate();
    return { hash: destinationHashFor(identity, 'strand.test'), identity };
  })();
  const enqueue = (fn: () => void): void => {
    if (cut) return;
    if (opts.async) setImmediate(() => !cut && fn());
    else queue.push(fn);
  };
  const route = (packet: Packet, direction: Direction, deliver: (p: Packet) => void): void => {
    const p = opts.tap ? opts.tap(packet, direction) : packet;
    if (p) enqueue(() => (opts.beforeDeliver?.(p, direction), deliver(p)));
  };
  const base = { scheduler: opts.scheduler, random: opts.random };
  const initiator = Link.initiate(
    {
      ...base,
      send: (p) =>
        route(p, 'toResponder', (pkt) => {
          if (pkt.packetType === PacketType.LINKREQUEST) {
            responder = Link.accept(
              { ...base, send: (q) => route(q, 'toInitiator', (x) => initiator.receive(x)) },
              owner,
              pkt,
              { maxMtu: opts.mtu ?? null, callbacks: opts.responderCallbacks },
            );
          } else responder?.receive(pkt);
        }),
    },
    { hash: owner.hash, identity: Identity.fromPublicBytes(owner.identity.publicKey) },
    { mtu: opts.mtu ?? 500, ...opts.initiator },
  );
  return {
    initiator,
    responder: () => responder,
    owner,
    pump() {
      for (let guard = 0; queue.length > 0; guard++) {
        if (guard > 10_000_000) throw new Error('memory pair does not settle');
        (queue.shift() as () => void)();
      }
    },
    cut() {
      cut = true;
      queue.length = 0;
    },
  };
}

/**
 * Drives a synchronous pair on a manual clock until `cond` holds: delivers what is queued, lets
 * the event loop run once (resource segments are prepared and parts decrypted on its turns), and
 * moves the clock by `stepSeconds` while the condition is still false. False after `maxSteps`.
 */
export async function pumpUntil(
  pair: Pick<MemoryPair, 'pump'>,
  clock: { advance(seconds: number): void },
  cond: () => boolean,
  stepSeconds = 0.05,
  maxSteps = 20_000,
): Promise<boolean> {
  for (let i = 0; i < maxSteps && !cond(); i++) {
    pair.pump();
    await new Promise((r) => setImmediate(r));
    pair.pump();
    if (!cond()) clock.advance(stepSeconds);
  }
  return cond();
}
