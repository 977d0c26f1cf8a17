// SPDX-License-Identifier: MIT
// Public types of the Transport component: injected collaborators, options, handlers, events.
import type { Destination, ValidatedAnnounce } from '../destination/index.js';
import type { Identity, KnownIdentities } from '../identity/index.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import type { Packet } from '../wire/packet.js';
import type { AnnounceRatePolicy } from './announce-control.js';

/** Milliseconds clock; injectable so tests and simulations control time. */
export interface TransportClock {
  now(): number;
}

/** The narrow logger Transport needs (the app passes a namespaced child logger). */
export interface TransportLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

/** Collaborators injected by the composition root. */
export interface TransportComponents {
  /** Where validated announces are remembered and identities recalled from. */
  knownIdentities: KnownIdentities;
  clock?: TransportClock;
  logger?: TransportLogger;
  /** Our transport identity (its hash goes into HEADER_2); a fresh one per run by default. */
  transportIdentity?: Identity;
}

/** Settings of one Transport instance. */
export interface TransportOptions {
  interfaces: NetworkInterface[];
  /** Forward for others (header-2 rewriting, reverse/link tables, announce rebroadcast). Default false. */
  transport?: boolean;
  /**
   * Per-destination announce rate limiting of rebroadcasts. Default: the reference's transport-node
   * default (1/h, grace 5) when `transport` is on, none otherwise. null turns it off.
   */
  announceRate?: AnnounceRatePolicy | null;
  /** Transport.blackholed_identities: announces from these identity hashes are dropped. */
  isBlackholed?: (identityHash: Uint8Array) => boolean;
  /** Hold bursts of announces for unknown destinations (RNS ingress control). Default true. */
  ingressControl?: boolean;
  /** Job loop period in ms (default 250). */
  jobIntervalMs?: number;
  /** Bounds (defaults in constants.defaults.ts). */
  hashlistMaxSize?: number;
  maxPaths?: number;
  maxReceipts?: number;
  /** Announce signature checks queued on worker threads before the event loop checks them itself. */
  maxAnnouncesInFlight?: number;
}

/** What a local destination's handler receives for each inbound packet. */
export interface InboundPacket {
  packet: Packet;
  raw: Uint8Array;
  /** Full 32-byte packet hash. */
  readonly packetHash: Uint8Array;
  iface: NetworkInterface;
  /** Sends a proof of this packet back on the interface it came from (implicit, as RNS does). */
  prove(): void;
}

/** Registration of a local IN destination. */
export interface DestinationHandler {
  /** Decrypted payload (per destination type) of a DATA packet. */
  onPacket(data: Uint8Array, inbound: InboundPacket): void;
  /** PROVE_APP: return true to prove this packet (Destination.proof_requested_callback). */
  proofRequested?(inbound: InboundPacket): boolean;
  /** A LINKREQUEST for this destination (links are handled by a later module). */
  onLinkRequest?(inbound: InboundPacket): void;
}

/** Packets addressed to a link id (DATA, link proofs, LRPROOF). */
export interface LinkHandler {
  /** When set, only packets received on this interface are delivered (the link's attached interface). */
  iface?: NetworkInterface;
  onPacket(inbound: InboundPacket): void;
}

/** An accepted announce as handlers see it. */
export interface AnnounceEvent {
  destinationHash: Uint8Array;
  identity: Identity;
  appData: Uint8Array | null;
  hops: number;
  isPathResponse: boolean;
  iface: NetworkInterface;
  announce: ValidatedAnnounce;
}

/** Announce handler (RNS.Transport.register_announce_handler). */
export interface AnnounceHandler {
  /** Full name ("lxmf.delivery") whose announces are wanted; null for every announce. */
  aspectFilter: string | null;
  /** Also receive PATH_RESPONSE announces (default false, as the reference). */
  receivePathResponses?: boolean;
  onAnnounce(event: AnnounceEvent): void;
}

/** Options of Transport.send. */
export interface SendOptions {
  /** Send only on this interface (RNS attached_interface). */
  iface?: NetworkInterface;
  /** Create a receipt (default: per the reference's rule for the packet). */
  receipt?: boolean;
  /** Identity that must sign the proof; recalled from known identities when omitted. */
  proofIdentity?: Identity | null;
  /**
   * The packet's encoding when the caller already made it (a link hashes and caches what it
   * sends), so a resource part is not encoded twice. Must be `encodePacket(packet)`.
   */
  raw?: Uint8Array;
}

export type { Destination };
