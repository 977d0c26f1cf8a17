// SPDX-License-Identifier: MIT
// Plugs link engines into Transport: outgoing links are registered under their link id (so
// Transport's link hook feeds them), incoming link requests for a local destination become
// responder links bound to the interface they arrived on, and link MTU discovery uses the
// next-hop interface's hardware MTU as the reference does (8192 over TCP).
import type { Destination } from '../destination/index.js';
import type { InboundPacket, LinkHandler, Transport } from '../transport/index.js';
import type { Packet } from '../wire/packet.js';
import { MTU } from '../wire/constants.js';
import { Link } from './link.js';
import type { InitiateOptions, LinkCallbacks } from './link.js';
import { realScheduler } from './scheduler.js';
import type { Scheduler } from './scheduler.js';
import type { LinkOwner, LinkPeer } from './types.js';

export interface LinkTransportOptions {
  scheduler?: Scheduler;
  random?: (n: number) => Uint8Array;
  isBlackholed?: (identityHash: Uint8Array) => boolean;
}

/**
 * The clock of a link bound to Transport. Its timers (establishment and stale watchdogs, packet
 * receipts, resource watchdogs) call into the link, the resource engines and the application's
 * callbacks (`closed`, a receipt's `onTimeout`); a throw from any of them is contained as Transport
 * contains a throwing packet handler (logged, counted as handler_error) instead of escaping from
 * a timer, where nothing would catch it and the process would end.
 */
function containedScheduler(transport: Transport, scheduler: Scheduler = realScheduler): Scheduler {
  return {
    now: () => scheduler.now(),
    setTimer: (delaySeconds, fn) => scheduler.setTimer(delaySeconds, () => void transport.safely(fn)),
    defer: (fn) => scheduler.defer(() => void transport.safely(fn)),
  };
}

/** Registers `link` with Transport and unregisters it when it closes. */
function attach(transport: Transport, link: Link, handler: LinkHandler): void {
  const unregister = transport.registerLinkHandler(link.linkId, handler);
  const closed = link.callbacks.closed;
  link.callbacks.closed = (l) => {
    unregister();
    closed?.(l);
  };
}

/**
 * Opens a link to `peer` through Transport. The MTU signalled is the hardware MTU of the
 * interface the path goes out on (500 when unknown or the interface has none).
 */
export function openLink(transport: Transport, peer: LinkPeer, opts: InitiateOptions & LinkTransportOptions = {}): Link {
  const path = transport.path(peer.hash);
  const mtu = opts.mtu ?? path?.iface.hwMtu ?? MTU;
  const handler: LinkHandler = { onPacket: () => undefined };
  const buffered: Packet[] = [];
  let link: Link | null = null;
  handler.onPacket = (inb: InboundPacket) => {
    // The first packet back (the proof) fixes the link's interface, as attached_interface.
    handler.iface ??= inb.iface;
    if (link) link.receive(inb.packet);
    else buffered.push(inb.packet);
  };
  link = Link.initiate(
    {
      send: (p, raw) => void transport.send(p, { receipt: false, raw, ...(handler.iface ? { iface: handler.iface } : {}) }),
      scheduler: containedScheduler(transport, opts.scheduler),
      random: opts.random,
      isBlackholed: opts.isBlackholed,
    },
    peer,
    { ...opts, mtu, hops: opts.hops ?? transport.hopsTo(peer.hash) ?? 1 },
  );
  attach(transport, link, handler);
  for (const p of buffered.splice(0)) link.receive(p);
  return link;
}

export interface LinkListenerOptions extends LinkTransportOptions {
  /** Called for every link that becomes ACTIVE. */
  onLink?: (link: Link) => void;
  /** Callbacks installed on each accepted link (`established` also calls `onLink`). */
  callbacks?: LinkCallbacks;
}

/**
 * Accepts link requests for `owner` (a local IN SINGLE destination). Returns the `onLinkRequest`
 * to put in the destination's Transport handler, so the owner keeps its own `onPacket`.
 */
export function linkAcceptor(transport: Transport, owner: LinkOwner, opts: LinkListenerOptions = {}): (inb: InboundPacket) => Link | null {
  return (inb) => {
    const link = Link.accept(
      {
        send: (p, raw) => void transport.send(p, { receipt: false, raw, iface: inb.iface }),
        scheduler: containedScheduler(transport, opts.scheduler),
        random: opts.random,
        isBlackholed: opts.isBlackholed,
      },
      owner,
      inb.packet,
      {
        maxMtu: inb.iface.hwMtu ?? null,
        callbacks: {
          ...opts.callbacks,
          established: (l) => {
            opts.callbacks?.established?.(l);
            opts.onLink?.(l);
          },
        },
      },
    );
    if (link) attach(transport, link, { iface: inb.iface, onPacket: (p) => link.receive(p.packet) });
    return link;
  };
}

/** Convenience: registers `destination` with Transport so it accepts links (and ignores plain packets). */
export function listenForLinks(transport: Transport, destination: Destination, owner: Omit<LinkOwner, 'hash' | 'identity'>, opts: LinkListenerOptions = {}): () => void {
  const accept = linkAcceptor(transport, { ...owner, hash: destination.hash, identity: destination.identity as LinkOwner['identity'] }, opts);
  return transport.registerDestination(destination, { onPacket: () => undefined, onLinkRequest: (inb) => void accept(inb) });
}
