// SPDX-License-Identifier: MIT
// Links for DIRECT delivery (LXMF/LXMRouter.py :: direct_links, backchannel_links,
// delivery_link_established; protocol §11.4). One outgoing link per destination is reused by every
// message to it; a peer that linked to us and identified itself gives us a backchannel we may
// use the same way. Waiters are woken by the link's own established/closed callbacks: nothing polls.
import type { Identity } from '../../reticulum/identity/index.js';
import { LinkStatus, linkAcceptor, openLink } from '../../reticulum/link/index.js';
import type { Link, LinkOwner } from '../../reticulum/link/index.js';
import type { InboundPacket, Transport } from '../../reticulum/transport/index.js';
import type { IncomingResource } from '../../reticulum/resource/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import type { Packet } from '../../reticulum/wire/index.js';
import { deliveryDestinationHash } from '../message.js';

/** What the router does with traffic arriving on any delivery link. */
export interface DirectLinkHooks {
  /** Link data (context NONE): a packed LXMF message. Prove the packet once it is stored. */
  packet(data: Uint8Array, packet: Packet, link: Link): void;
  /** Largest resource (total data size, bytes) accepted from a peer. */
  maxResourceSize(): number;
  /** A completed inbound resource. */
  /** Resolves whether to prove the resource: it resolves after the message is committed. */
  resource(data: Uint8Array, link: Link): Promise<boolean>;
  /** A peer identified itself on a link it opened: remember it so replies can be encrypted and signed messages verified. */
  identified(destinationHash: Uint8Array, identity: Identity): void;
}

/** Outgoing and backchannel links by lxmf.delivery destination. */
export class DirectLinks {
  private readonly links = new Map<string, Link>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly identified = new WeakSet<Link>();
  private readonly all = new Set<Link>();
  private readonly idle = new Map<Link, ReturnType<typeof setTimeout>>();

  /** `idleMs`: links without LXMF traffic for this long are closed (LINK_MAX_INACTIVITY). */
  constructor(
    private readonly transport: Transport,
    private readonly hooks: DirectLinkHooks,
    private readonly idleMs: number,
  ) {}

  /** Restarts the inactivity timer of `link` (a message went over it or came in on it). */
  touch(link: Link): void {
    const old = this.idle.get(link);
    if (old) clearTimeout(old);
    if (link.status === LinkStatus.CLOSED) return void this.idle.delete(link);
    const timer = setTimeout(() => {
      this.idle.delete(link);
      if (link.status !== LinkStatus.CLOSED) link.teardown();
    }, this.idleMs);
    timer.unref();
    this.idle.set(link, timer);
  }

  /** The `onLinkRequest` for our delivery destination (responder side). */
  acceptor(owner: LinkOwner): (inb: InboundPacket) => void {
    const accept = linkAcceptor(this.transport, { ...owner, proofStrategy: 'none' }, {
      callbacks: {
        packet: (pt, p, l) => {
          this.touch(l);
          this.hooks.packet(pt, p, l);
        },
        closed: (l) => this.forget(l),
        remoteIdentified: (l, identity) => this.backchannel(l, identity),
      },
      onLink: (l) => this.prepare(l),
    });
    return (inb) => void accept(inb);
  }

  /** The usable link to `destinationHash`, if any (pending, active or just closed). */
  get(destinationHash: Uint8Array): Link | undefined {
    return this.links.get(toHex(destinationHash));
  }

  /** Opens a link to the destination and remembers it; waiters wake when it settles. */
  open(destinationHash: Uint8Array, identity: Identity): Link {
    const key = toHex(destinationHash);
    const link = openLink(this.transport, { hash: destinationHash, identity }, {
      callbacks: {
        established: (l) => {
          this.prepare(l);
          this.wake(key);
        },
        closed: (l) => {
          this.forget(l);
          this.wake(key);
        },
        packet: (pt, p, l) => {
          this.touch(l);
          this.hooks.packet(pt, p, l);
        },
      },
    });
    this.links.set(key, link);
    this.all.add(link);
    return link;
  }

  /** Calls `fn` once the link to `destinationHash` becomes active or closes. */
  whenSettled(destinationHash: Uint8Array, fn: () => void): void {
    const key = toHex(destinationHash);
    const set = this.waiters.get(key) ?? new Set();
    set.add(fn);
    this.waiters.set(key, set);
  }

  /** Drops a closed link from the table so the next attempt opens a new one. */
  remove(destinationHash: Uint8Array, link: Link): void {
    const key = toHex(destinationHash);
    if (this.links.get(key) === link) this.links.delete(key);
  }

  /**
   * Identifies as `identity` on an outgoing link once (LXMRouter does this after the first
   * delivery) so the peer can answer over the same link.
   */
  identifyOnce(link: Link, identity: Identity): void {
    if (!link.initiator || this.identified.has(link) || link.status !== LinkStatus.ACTIVE) return;
    this.identified.add(link);
    link.identify(identity);
  }

  /** Tears every link down (router stop). */
  closeAll(): void {
    for (const l of [...this.all]) if (l.status !== LinkStatus.CLOSED) l.teardown();
    this.all.clear();
    this.links.clear();
    for (const key of [...this.waiters.keys()]) this.wake(key);
  }

  private prepare(link: Link): void {
    this.all.add(link);
    this.touch(link);
    link.setResourceStrategy('app');
    link.resources.onAdvertised = (adv) => adv.d <= this.hooks.maxResourceSize();
    link.resources.onConcluded = (r: IncomingResource) => {
      this.touch(link);
      // The resource's final proof waits for this: an inbound message is on disk before the
      // sender hears "delivered".
      if (r.data && r.status === 0x06) return this.hooks.resource(r.data, link);
      return undefined;
    };
  }

  private backchannel(link: Link, identity: Identity): void {
    const hash = deliveryDestinationHash(identity);
    this.hooks.identified(hash, identity);
    const key = toHex(hash);
    const current = this.links.get(key);
    if (!current || current.status === LinkStatus.CLOSED) {
      this.links.set(key, link);
      this.wake(key);
    }
  }

  private forget(link: Link): void {
    this.all.delete(link);
    const timer = this.idle.get(link);
    if (timer) clearTimeout(timer);
    this.idle.delete(link);
    for (const [key, l] of this.links) if (l === link) this.links.delete(key);
  }

  private wake(key: string): void {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const fn of set) fn();
  }
}
