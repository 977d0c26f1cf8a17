// SPDX-License-Identifier: MIT
// Interface Access Codes: per-interface packet authentication for closed RNS networks.
// A packet sent on an IFAC interface carries the last `size` bytes of an Ed25519 signature made with
// a key derived from the network name and/or passphrase, and everything but that code is XOR-masked
// with an HKDF stream keyed by the code. Peers without the key cannot forge, read the header of, or
// even recognise the packets. Reference: RNS/Reticulum.py :: _synthesize_interface (key derivation),
// RNS/Transport.py :: transmit, inbound (IFAC blocks).

import { Ed25519PrivateKey, hkdf, sha256 } from '../crypto/index.js';
import { RnsArgumentError } from '../errors.js';

/** `Reticulum.IFAC_SALT`. */
export const IFAC_SALT = Uint8Array.from(Buffer.from('adf54d882c9a9b80771eb4995d702d4a3e733391b2a0f53f416d9f907e55cff8', 'hex'));
/** `Reticulum.IFAC_MIN_SIZE`, bytes. The config option `ifac_size` is in bits and must be >= 8. */
export const IFAC_MIN_SIZE = 1;
/** An Ed25519 signature is 64 bytes; the code is a suffix of it. */
export const IFAC_MAX_SIZE = 64;
/** Default code size in bytes for TCP, UDP, Auto, Backbone, I2P interfaces. */
export const IFAC_DEFAULT_SIZE = 16;
/** Default code size in bytes for serial, KISS, AX.25 and RNode interfaces. */
export const IFAC_DEFAULT_SIZE_SERIAL = 8;
/** Bit 7 of header byte 0 marks a packet carrying an IFAC. */
export const IFAC_FLAG = 0x80;

/** Why an inbound packet was refused by the IFAC check; used as a `dropped` counter key. */
export type IfacDropReason = 'ifac_missing' | 'ifac_unexpected' | 'ifac_invalid' | 'ifac_short';

export interface IfacOptions {
  /** `network_name`; an empty string counts as unset, as in the reference. */
  networkName?: string | undefined;
  /** `passphrase`; an empty string counts as unset. */
  passphrase?: string | undefined;
  /** Code length in bytes (config `ifac_size` / 8). */
  size: number;
}

const utf8 = new TextEncoder();

/** True when the options configure IFAC at all (a name or a passphrase is set). */
export function ifacEnabled(options: Pick<IfacOptions, 'networkName' | 'passphrase'>): boolean {
  return Boolean(options.networkName) || Boolean(options.passphrase);
}

/**
 * The 64-byte IFAC key: HKDF(ikm = H(H(name) || H(passphrase)), salt = IFAC_SALT), where either
 * hash is left out when its input is unset. Bytes 32..63 are the Ed25519 seed of the IFAC identity.
 * @throws RnsArgumentError when neither a name nor a passphrase is given.
 */
export function deriveIfacKey(networkName: string | undefined, passphrase: string | undefined): Uint8Array {
  const parts: Uint8Array[] = [];
  if (networkName) parts.push(sha256(utf8.encode(networkName)));
  if (passphrase) parts.push(sha256(utf8.encode(passphrase)));
  if (parts.length === 0) throw new RnsArgumentError('RNS_ERR_IFAC_CONFIG', 'IFAC needs a network name or a passphrase');
  const origin = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    origin.set(p, o);
    o += p.length;
  }
  return hkdf({ length: 64, deriveFrom: sha256(origin), salt: IFAC_SALT });
}

/** Outcome of {@link Ifac.open}: the inner packet, or why it was dropped. */
export type IfacResult = { ok: true; packet: Uint8Array } | { ok: false; reason: IfacDropReason };

/** The IFAC state of one interface: applies codes on send and checks them on receive. */
export class Ifac {
  readonly size: number;
  readonly key: Uint8Array;
  private readonly signer: Ed25519PrivateKey;

  /** @throws RnsArgumentError on a size outside 1..64 bytes or when no name/passphrase is set. */
  constructor(options: IfacOptions) {
    if (!Number.isInteger(options.size) || options.size < IFAC_MIN_SIZE || options.size > IFAC_MAX_SIZE) {
      throw new RnsArgumentError('RNS_ERR_IFAC_CONFIG', `IFAC size must be ${IFAC_MIN_SIZE}..${IFAC_MAX_SIZE} bytes, got ${options.size}`);
    }
    this.size = options.size;
    this.key = deriveIfacKey(options.networkName, options.passphrase);
    // Identity.from_bytes(key): bytes 0..31 are an X25519 key IFAC never uses, 32..63 the Ed25519 seed.
    this.signer = Ed25519PrivateKey.fromSeed(this.key.slice(32, 64));
  }

  private code(packet: Uint8Array): Uint8Array {
    return this.signer.sign(packet).subarray(64 - this.size);
  }

  /**
   * Wraps an outbound packet: `[b0|0x80, b1] || ifac || rest`, then masks every byte except the
   * code, forcing the IFAC flag back on after masking byte 0.
   * @throws RnsArgumentError on a packet shorter than the 2 header bytes.
   */
  seal(raw: Uint8Array): Uint8Array {
    if (raw.length < 2) throw new RnsArgumentError('RNS_ERR_IFAC_PACKET', 'packet shorter than its header');
    const ifac = this.code(raw);
    const n = raw.length + this.size;
    const mask = hkdf({ length: n, deriveFrom: ifac, salt: this.key });
    const out = new Uint8Array(n);
    out[0] = ((raw[0]! | IFAC_FLAG) ^ mask[0]!) | IFAC_FLAG;
    out[1] = raw[1]! ^ mask[1]!;
    out.set(ifac, 2);
    const body = this.size + 2;
    for (let i = body; i < n; i++) out[i] = raw[i - this.size]! ^ mask[i]!;
    return out;
  }

  /** Unmasks and authenticates an inbound packet; the result carries the inner packet or a drop reason. */
  open(raw: Uint8Array): IfacResult {
    if (raw.length <= 2) return { ok: false, reason: 'ifac_short' };
    if ((raw[0]! & IFAC_FLAG) === 0) return { ok: false, reason: 'ifac_missing' };
    if (raw.length <= 2 + this.size) return { ok: false, reason: 'ifac_short' };
    const ifac = raw.subarray(2, 2 + this.size);
    const mask = hkdf({ length: raw.length, deriveFrom: ifac, salt: this.key });
    const body = 2 + this.size;
    const packet = new Uint8Array(raw.length - this.size);
    packet[0] = (raw[0]! ^ mask[0]!) & 0x7f;
    packet[1] = raw[1]! ^ mask[1]!;
    for (let i = body; i < raw.length; i++) packet[i - this.size] = raw[i]! ^ mask[i]!;
    // The code is public on the wire, so a plain comparison leaks nothing an attacker lacks.
    const expected = this.code(packet);
    for (let i = 0; i < this.size; i++) if (expected[i] !== ifac[i]) return { ok: false, reason: 'ifac_invalid' };
    return { ok: true, packet };
  }
}

/**
 * The receive-side rule of RNS Transport.inbound for any interface: with IFAC, the code must verify;
 * without, packets flagged as carrying one are refused; packets of 2 bytes or fewer are refused.
 */
export function openInbound(ifac: Ifac | null, raw: Uint8Array): IfacResult {
  if (ifac) return ifac.open(raw);
  if (raw.length <= 2) return { ok: false, reason: 'ifac_short' };
  if ((raw[0]! & IFAC_FLAG) !== 0) return { ok: false, reason: 'ifac_unexpected' };
  return { ok: true, packet: raw };
}
