// SPDX-License-Identifier: MIT
// Shared zod schemas and conversions for bridge params and results. Every binary value crosses
// the protocol as hex; we accept either case on input and always answer in lowercase.
import * as z from 'zod';

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** A hex string (even length, may be empty) parsed to bytes. */
export const hex = z
  .string()
  .regex(HEX_RE, 'must be a hex string of even length')
  .transform((s) => new Uint8Array(Buffer.from(s, 'hex')));

/** Hex of exactly `n` bytes. */
export function hexOfLength(n: number): z.ZodType<Uint8Array, string> {
  return hex.refine((b) => b.length === n, `must be ${n} bytes (${2 * n} hex digits)`);
}

/**
 * Optional bytes as the reference bridge reads them: absent, null or "" all mean "none"
 * (`hex_to_bytes(p['x']) if p.get('x') else None`).
 */
export const optionalHex = hex.nullish().transform((b) => (b === null || b === undefined || b.length === 0 ? null : b));

/**
 * Aspects as a JSON list of strings, or a comma-separated string (the reference bridge accepts
 * both; "" and absent mean none).
 */
export const aspects = z
  .union([z.array(z.string()), z.string()])
  .nullish()
  .transform((a) => (Array.isArray(a) ? a : a ? a.split(',') : []));

/**
 * An integer, also as a decimal string: the reference bridge reads these params with Python's
 * int(), so suites may send "3" as well as 3. Fractions are refused rather than truncated.
 */
export const intLike = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer').transform(Number)]);

/** A boolean, also as 0/1 (the reference reads flags with bool()/int()). */
export const boolLike = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => v === true || v === 1);

/** Bytes → lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes or null → hex or null. */
export function toHexOrNull(bytes: Uint8Array | null | undefined): string | null {
  return bytes ? toHex(bytes) : null;
}
