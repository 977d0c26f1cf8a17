// SPDX-License-Identifier: MIT
// The reference's per-packet "local client" conditions (RNS/Transport.py :: inbound, the block that
// computes from_local_client, for_local_client, local_client_nh/rh, proof_for_local_client). They
// decide whether a node that is not a transport node still forwards a packet: it does for the RNS
// programs attached to it as their shared instance.
import type { NetworkInterface } from '../interfaces/interface.js';
import { toHex } from '../wire/bytes.js';
import { DestinationType, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { PATH_REQUEST_DESTINATION } from './path-requests.js';
import type { Transport } from './transport.js';

/** Destinations whose PLAIN broadcasts are handled by Transport itself, never relayed raw. */
const CONTROL_DESTINATIONS = new Set([PATH_REQUEST_DESTINATION, '91bf0910267b59b0e864e0d4c91602ca']);

export interface LocalScope {
  /** Received from an attached local client. */
  fromLocal: boolean;
  /** Addressed to a destination on a local client (path of 0 hops). */
  forLocal: boolean;
  /** Forwarding (transport, link and reverse tables) applies to this packet. */
  active: boolean;
  /** Proof routing through the reverse table applies to this packet. */
  proofActive: boolean;
  /** A PLAIN broadcast the shared instance relays between local clients and the network. */
  plainBroadcast: boolean;
}

/** Computes the scope of a non-announce inbound packet (hops already corrected). */
export function localScope(t: Transport, packet: Packet, iface: NetworkInterface): LocalScope {
  const haveClients = t.shared.hasLocalClients();
  const fromLocal = haveClients && t.shared.isLocalClient(iface);
  const forLocal = haveClients && t.paths.get(packet.destinationHash)?.hops === 0;
  // Most nodes have no local clients: no closure per packet for them.
  const isClient = haveClients ? (i: NetworkInterface): boolean => t.shared.isLocalClient(i) : null;
  const forLocalLink = isClient !== null && t.forwarder.linkTouches(packet.destinationHash, isClient);
  const proofForLocal = isClient !== null && t.forwarder.reverseReceivedBy(packet.destinationHash, isClient);
  const plainBroadcast =
    haveClients &&
    packet.destinationType === DestinationType.PLAIN &&
    packet.packetType === PacketType.DATA &&
    packet.transportId === null &&
    !CONTROL_DESTINATIONS.has(toHex(packet.destinationHash));
  return {
    fromLocal,
    forLocal,
    active: t.transportEnabled || fromLocal || forLocal || forLocalLink,
    proofActive: t.transportEnabled || fromLocal || proofForLocal,
    plainBroadcast,
  };
}
