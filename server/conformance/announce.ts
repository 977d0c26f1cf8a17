// SPDX-License-Identifier: MIT
// Bridge commands over announces (server/reticulum/destination): build one exactly as an IN SINGLE
// destination emits it, and validate raw announce packets.
import * as z from 'zod';
import {
  Destination,
  DestinationType,
  Direction,
  RANDOM_HASH_LENGTH,
  validateAnnouncePacket,
} from '../reticulum/destination/index.js';
import { RnsError } from '../reticulum/errors.js';
import { IDENTITY_KEY_SIZE, Identity, NAME_HASH_LENGTH, RATCHET_SIZE, RatchetRing } from '../reticulum/identity/index.js';
import { MTU, decodePacket, encodePacket } from '../reticulum/wire/index.js';
import type { Packet } from '../reticulum/wire/index.js';
import { BridgeError } from './errors.js';
import { aspects, boolLike, hex, optionalHex, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/** Offset of the ratchet in announce data: public key, name hash, random hash come first. */
const RATCHET_OFFSET = IDENTITY_KEY_SIZE + NAME_HASH_LENGTH + RANDOM_HASH_LENGTH;

const announceBuildParams = z.object({
  private_key: hex,
  app_name: z.string(),
  aspects,
  // Absent, null or "" app_data: the announce carries none.
  app_data: optionalHex,
  enable_ratchets: boolLike.default(false),
  // Pins the clock the announce reads (Unix seconds): the random hash's 5-byte emission time and
  // the ratchet rotation time, as the reference bridge's patched time.time() does.
  emission_ts: z.number().nonnegative().nullish(),
});

export function registerAnnounceCommands(r: CommandRegistry): void {
  // A fresh destination per call. (The reference bridge reuses a destination registered by an
  // earlier call for the same identity and name, so ratchet state can leak between its calls;
  // that is an artefact of its process-wide Transport, not protocol behaviour.)
  r.add('announce_build', announceBuildParams, (p) => {
    const destination = new Destination({
      identity: Identity.fromPrivateBytes(p.private_key),
      direction: Direction.IN,
      type: DestinationType.SINGLE,
      appName: p.app_name,
      aspects: p.aspects,
    });
    // A new ring starts with no ratchet and an epoch-0 rotation time, so this announce rotates
    // and carries a freshly generated ratchet (enable_ratchets on a new ratchet file in RNS).
    if (p.enable_ratchets) destination.enableRatchets(new RatchetRing());
    const packet = destination.announce({ appData: p.app_data, ...(p.emission_ts != null ? { nowSeconds: p.emission_ts } : {}) });
    const raw = encodePacket(packet);
    if (raw.length > MTU) throw new BridgeError('BRIDGE_ERR_MTU', `Packet size of ${raw.length} exceeds MTU of ${MTU} bytes`);
    // Parse what was built the way a receiver does; a failure here would be a library bug.
    const parsed = validateAnnouncePacket(decodePacket(raw));
    return {
      raw: toHex(raw),
      destination_hash: toHex(destination.hash),
      announce_data: toHex(packet.data),
      public_key: toHex(parsed.publicKey),
      name_hash: toHex(parsed.nameHash),
      random_hash: toHex(parsed.randomHash),
      // "" rather than null when absent, as the reference bridge answers.
      ratchet: parsed.ratchet ? toHex(parsed.ratchet) : '',
      signature: toHex(parsed.signature),
      app_data: toHex(parsed.appData ?? new Uint8Array(0)),
      has_ratchet: packet.contextFlag,
    };
  });

  // Never a failure for a bad announce: {valid: false, error} says why. `error` is
  // "unpack_failed" / "not_an_announce" (the reference bridge's words), else the library's
  // "CODE: message" for a rejected announce, and null for a valid one. `ratchet` is the 32 bytes
  // at the ratchet offset whenever the context flag is set (even if invalid), else null.
  r.add('announce_validate', z.object({ raw: hex }), ({ raw }) => {
    let packet: Packet;
    try {
      packet = decodePacket(raw);
    } catch (err) {
      if (!(err instanceof RnsError)) throw err;
      return { valid: false, error: 'unpack_failed', destination_hash: null, has_ratchet: null, ratchet: null };
    }
    if (packet.packetType !== 1) return { valid: false, error: 'not_an_announce', destination_hash: null, has_ratchet: null, ratchet: null };
    const common = {
      destination_hash: toHex(packet.destinationHash),
      has_ratchet: packet.contextFlag,
      ratchet: packet.contextFlag ? toHex(packet.data.subarray(RATCHET_OFFSET, RATCHET_OFFSET + RATCHET_SIZE)) : null,
    };
    try {
      validateAnnouncePacket(packet);
      return { valid: true, error: null, ...common };
    } catch (err) {
      if (!(err instanceof RnsError)) throw err;
      return { valid: false, error: `${err.code}: ${err.message}`, ...common };
    }
  });
}
