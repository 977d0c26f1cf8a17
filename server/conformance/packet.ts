// SPDX-License-Identifier: MIT
// Bridge commands over the packet codec (server/reticulum/wire) and the protocol constants.
//
// Our library splits what RNS.Packet.pack does in one method: the header codec (encodePacket),
// the encryption rule (isAlwaysPlaintext) and the destination's cipher (Destination.encrypt).
// packet_build composes them in pack()'s order; the few refusals pack() makes that no library
// function owns (LRPROOF without a link, HEADER_2 for anything but an announce, the 500-byte MTU)
// are checked here and say so.
import * as z from 'zod';
import { Destination, DestinationType, Direction } from '../reticulum/destination/index.js';
import { RnsError } from '../reticulum/errors.js';
import { AES_BLOCK_SIZE } from '../reticulum/crypto/index.js';
import { IDENTITY_KEY_SIZE, Identity, NAME_HASH_LENGTH, SIGNATURE_LENGTH } from '../reticulum/identity/index.js';
import {
  Context,
  ENCRYPTED_MDU,
  HASH_LENGTH,
  HEADER_MAXSIZE,
  HEADER_MINSIZE,
  IFAC_MIN_SIZE,
  LINK_MDU,
  MDU,
  MTU,
  PacketType,
  TOKEN_OVERHEAD,
  TRUNCATED_HASH_LENGTH,
  decodePacket,
  encodePacket,
  isAlwaysPlaintext,
  packetHash,
} from '../reticulum/wire/index.js';
import type { Packet } from '../reticulum/wire/index.js';
import { BridgeError } from './errors.js';
import { boolLike, hex, intLike, toHex, toHexOrNull } from './params.js';
import type { CommandRegistry, CommandResult } from './registry.js';

/** An integer in lo..hi, as a number or a decimal string. */
const intIn = (lo: number, hi: number) => intLike.pipe(z.number().min(lo).max(hi));
const byte = intIn(0, 255);

/**
 * The reference bridge takes header_type in "human" form (1 / 2, "1" / "2", "HEADER_1" /
 * "HEADER_2") and reports it back in RNS's wire form (HEADER_1 = 0, HEADER_2 = 1).
 */
const headerType = z
  .union([z.literal(1), z.literal(2), z.literal('1'), z.literal('2'), z.literal('HEADER_1'), z.literal('HEADER_2')])
  .default(1)
  .transform((h): 1 | 2 => (h === 2 || h === '2' || h === 'HEADER_2' ? 2 : 1));

const DEST_TYPES = { plain: DestinationType.PLAIN, single: DestinationType.SINGLE, group: DestinationType.GROUP } as const;

/** A fresh OUT destination "conformance.packet" of the given kind, as the reference bridge builds. */
function conformanceDestination(kind: keyof typeof DEST_TYPES): Destination {
  const type = DEST_TYPES[kind];
  const destination = new Destination({
    identity: type === DestinationType.PLAIN ? null : Identity.generate(),
    direction: Direction.OUT,
    type,
    appName: 'conformance',
    aspects: ['packet'],
  });
  if (type === DestinationType.GROUP) destination.createKeys();
  return destination;
}

/** Packet.pack's last step: RNS refuses to emit more than the MTU (500 bytes). */
function checkMtu(raw: Uint8Array): void {
  if (raw.length > MTU) throw new BridgeError('BRIDGE_ERR_MTU', `Packet size of ${raw.length} exceeds MTU of ${MTU} bytes`);
}

/** The fields RNS.Packet.unpack populates, keyed as the reference bridge reports them. */
export function packetFields(raw: Uint8Array, p: Packet): CommandResult {
  return {
    flags: raw[0] ?? 0,
    hops: p.hops,
    header_type: p.headerType - 1,
    context_flag: p.contextFlag ? 1 : 0,
    transport_type: p.propagationType,
    destination_type: p.destinationType,
    packet_type: p.packetType,
    destination_hash: toHex(p.destinationHash),
    transport_id: toHexOrNull(p.transportId),
    context: p.context,
    data: toHex(p.data),
    // Packet.get_hash(): the full SHA-256 of the hashable part (hops and transport id excluded).
    hash: toHex(packetHash(raw)),
  };
}

const packetBuildParams = z.object({
  dest_type: z.enum(['plain', 'single', 'group']).default('plain'),
  packet_type: intIn(0, 3).default(PacketType.DATA),
  context: byte.default(Context.NONE),
  context_flag: boolLike.default(false),
  transport_type: intIn(0, 1).default(0),
  hops: byte.default(0),
  data: hex.default(() => new Uint8Array(0)),
  header_type: headerType,
  transport_id: hex.nullish(),
});

export function registerPacketCommands(r: CommandRegistry): void {
  r.add('packet_build', packetBuildParams, (p) => {
    let transportId: Uint8Array | null = null;
    if (p.header_type === 2) {
      // As the reference bridge: RNS.Packet.pack only assembles HEADER_2 for announces.
      if (p.packet_type !== PacketType.ANNOUNCE) {
        throw new BridgeError('BRIDGE_ERR_HEADER_2', `HEADER_2 packets are only buildable for ANNOUNCE packet_type (${PacketType.ANNOUNCE})`);
      }
      if (!p.transport_id) throw new BridgeError('BRIDGE_ERR_HEADER_2', `HEADER_2 packets require a ${TRUNCATED_HASH_LENGTH}-byte transport_id`);
      transportId = p.transport_id;
    }
    if (p.context === Context.LRPROOF) {
      // pack() addresses an LRPROOF to destination.link_id, which only a Link has.
      throw new BridgeError('BRIDGE_ERR_LRPROOF', 'LRPROOF packets are addressed to a link; a conformance.packet destination has no link id');
    }
    const destination = conformanceDestination(p.dest_type);
    const query = { packetType: p.packet_type, destinationType: destination.type, context: p.context };
    // pack(): everything not in the always-plaintext list goes through destination.encrypt, which
    // is the identity for PLAIN. Announces are the only HEADER_2 case and are plaintext.
    const data = isAlwaysPlaintext(query) ? p.data : destination.encrypt(p.data);
    const raw = encodePacket({
      ifac: false,
      headerType: p.header_type,
      contextFlag: p.context_flag,
      propagationType: p.transport_type,
      destinationType: destination.type,
      packetType: p.packet_type,
      hops: p.hops,
      transportId,
      destinationHash: destination.hash,
      context: p.context,
      data,
    });
    checkMtu(raw);
    // Read the fields back the way a receiver does.
    return { raw: toHex(raw), ...packetFields(raw, decodePacket(raw)) };
  });

  // Answers {raw, raw_len} or {error, error_type} (the other pair null), never a failure: the
  // point is to observe the refusal. `error_type` is the class of the error raised on our side.
  r.add(
    'packet_build_raw_header2',
    z.object({ packet_type: intIn(0, 3).default(PacketType.ANNOUNCE), transport_id: hex.nullish(), data: hex.default(() => new Uint8Array(0)) }),
    (p) => {
      const destination = conformanceDestination('single');
      // The reference bridge sends one zero byte when no data is given.
      const data = p.data.length > 0 ? p.data : new Uint8Array(1);
      const packet: Packet = {
        ifac: false,
        headerType: 2,
        contextFlag: false,
        propagationType: 0,
        destinationType: destination.type,
        packetType: p.packet_type,
        hops: 0,
        transportId: p.transport_id ?? null,
        destinationHash: destination.hash,
        context: Context.NONE,
        data,
      };
      try {
        if (packet.transportId === null) {
          // The codec refuses it; report it in the words of RNS's IOError, which suites match on.
          try {
            encodePacket(packet);
          } catch (err) {
            if (!(err instanceof RnsError)) throw err;
            return refused(`Packet with header type 2 must have a transport ID (${err.code}: ${err.message})`, err.name);
          }
        }
        if (p.packet_type !== PacketType.ANNOUNCE) {
          // RNS's pack() has no HEADER_2 branch for other packet types and fails (AttributeError on
          // the never-assigned ciphertext): a node only originates HEADER_2 announces.
          return refused(`HEADER_2 packets can only be originated for ANNOUNCE (packet_type ${PacketType.ANNOUNCE}), got ${p.packet_type}`, 'BridgeError');
        }
        const raw = encodePacket(packet);
        checkMtu(raw);
        return { raw: toHex(raw), raw_len: raw.length, error: null, error_type: null };
      } catch (err) {
        if (!(err instanceof RnsError || err instanceof BridgeError)) throw err;
        return refused(`${err.code}: ${err.message}`, err.name);
      }
    },
  );

  // {unpacked: false} alone for anything RNS.Packet.unpack rejects (too short, hops >= 128).
  r.add('packet_unpack', z.object({ raw: hex }), ({ raw }) => {
    let packet: Packet;
    try {
      packet = decodePacket(raw);
    } catch (err) {
      if (!(err instanceof RnsError)) throw err;
      return { unpacked: false };
    }
    return { unpacked: true, ...packetFields(raw, packet) };
  });
  r.add('packet_hash', z.object({ raw: hex }), ({ raw }) => {
    decodePacket(raw); // the reference unpacks first and fails on a malformed packet
    return { hash: toHex(packetHash(raw)) };
  });

  // RNS's constants as RNS defines them: hashlength, truncated_hashlength, keysize, siglength and
  // name_hash_length in BITS (Identity.HASHLENGTH = 256 ...), everything else in bytes.
  r.add('packet_constants', z.object({}), () => ({
    mtu: MTU,
    header_minsize: HEADER_MINSIZE,
    header_maxsize: HEADER_MAXSIZE,
    ifac_min_size: IFAC_MIN_SIZE,
    mdu: MDU,
    packet_mdu: MDU,
    packet_plain_mdu: MDU,
    packet_encrypted_mdu: ENCRYPTED_MDU,
    link_mdu: LINK_MDU,
    hashlength: HASH_LENGTH * 8,
    truncated_hashlength: TRUNCATED_HASH_LENGTH * 8,
    keysize: IDENTITY_KEY_SIZE * 8,
    siglength: SIGNATURE_LENGTH * 8,
    name_hash_length: NAME_HASH_LENGTH * 8,
    token_overhead: TOKEN_OVERHEAD,
    aes128_blocksize: AES_BLOCK_SIZE,
  }));

  // The context names PROTOCOL.md lists (REQUEST = 0x09 is not among them, so it is not reported).
  r.add('packet_context_constants', z.object({}), () => {
    const { REQUEST: _request, ...listed } = Context;
    return { ...listed };
  });
}

function refused(error: string, errorType: string): CommandResult {
  return { raw: null, raw_len: null, error, error_type: errorType };
}
