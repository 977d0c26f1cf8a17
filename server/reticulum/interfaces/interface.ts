// SPDX-License-Identifier: MIT
// The contract between Transport and every interface implementation (TCP, UDP, Auto, Local, ...).
// Transport sees only this; one compliance suite runs against every implementation.

/** Interface modes as RNS names them; they affect forwarding and announce propagation only. */
export type InterfaceMode = 'full' | 'point_to_point' | 'access_point' | 'roaming' | 'boundary' | 'gateway';

/** Counters an interface keeps from start(); `dropped` counts discarded inbound data by reason. */
export interface InterfaceStats {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
  dropped: Record<string, number>;
}

/** What Transport hands an interface when it registers it. */
export interface InterfaceHandlers {
  /** A complete inbound packet (IFAC already verified and removed, framing removed). */
  onPacket(packet: Uint8Array, from: NetworkInterface): void;
  /** The interface went online or offline (e.g. TCP connected / lost). */
  onStatus?(from: NetworkInterface, online: boolean): void;
}

export interface NetworkInterface {
  /** Unique, human-readable name (the `[[Name]]` of the config file). */
  readonly name: string;
  readonly mode: InterfaceMode;
  /** Nominal bitrate in bits/s, used for announce bandwidth caps. */
  readonly bitrate: number;
  /** Hardware MTU of the medium in bytes (used for link MTU discovery), when known. */
  readonly hwMtu: number | undefined;
  /** Whether announces/packets may be sent out of this interface now. */
  readonly online: boolean;
  /** Whether packets from this interface may be forwarded by a transport node (RNS `OUT`). */
  readonly canTransmit: boolean;
  /**
   * Set by interfaces that synthesize a tunnel when they (re)connect (HDLC TCP clients): the
   * reference's `str(interface)`, whose hash is part of the tunnel id, so it must stay stable.
   */
  readonly tunnelName?: string;
  /** Registers the receiver; called once by Transport before start(). */
  attach(handlers: InterfaceHandlers): void;
  start(): Promise<void>;
  /** Closes every socket and timer; resolves when nothing is left. Idempotent. */
  stop(): Promise<void>;
  /** Sends one whole packet (the interface adds IFAC and framing). Dropped silently when offline. */
  send(packet: Uint8Array): void;
  stats(): InterfaceStats;
}
