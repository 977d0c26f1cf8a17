// SPDX-License-Identifier: MIT
// Every case of crypto_primitives.json and token.json, byte for byte against the reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import {
  Token,
  aesCbcDecrypt,
  aesCbcEncrypt,
  hkdf,
  hmacSha256,
  pkcs7Pad,
  pkcs7Unpad,
  sha256,
  sha512,
  truncatedHash,
  x25519PublicFromPrivate,
  x25519SharedSecret,
} from './index.js';

interface VectorFile {
  cases: { name: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; expected_decrypt_ok?: boolean }[];
}
const load = (name: string): VectorFile =>
  JSON.parse(readFileSync(new URL(`../../fixtures/vectors/${name}`, import.meta.url), 'utf8')) as VectorFile;
const b = (h: unknown): Uint8Array => new Uint8Array(Buffer.from(String(h), 'hex'));
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

describe('crypto_primitives.json', () => {
  const file = load('crypto_primitives.json');
  it('has cases', () => expect(file.cases.length).toBe(32));
  for (const c of file.cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      switch (i.op) {
        case 'sha256':
          expect(hex(sha256(b(i.data)))).toBe(o.digest);
          break;
        case 'sha512':
          expect(hex(sha512(b(i.data)))).toBe(o.digest);
          break;
        case 'truncated_hash':
          expect(hex(truncatedHash(b(i.data)))).toBe(o.digest);
          break;
        case 'hmac_sha256':
          expect(hex(hmacSha256(b(i.key), b(i.data)))).toBe(o.mac);
          break;
        case 'hkdf':
          expect(
            hex(
              hkdf({
                length: Number(i.length),
                deriveFrom: b(i.derive_from),
                salt: i.salt === null ? null : b(i.salt),
                context: i.context === null ? null : b(i.context),
              }),
            ),
          ).toBe(o.derived);
          break;
        case 'pkcs7':
          expect(hex(pkcs7Pad(b(i.data)))).toBe(o.padded);
          expect(hex(pkcs7Unpad(b(o.padded)))).toBe(o.unpadded);
          break;
        case 'aes_cbc':
          expect(hex(aesCbcEncrypt(b(i.key), b(i.iv), b(i.plaintext)))).toBe(o.ciphertext);
          expect(hex(aesCbcDecrypt(b(i.key), b(i.iv), b(o.ciphertext)))).toBe(o.decrypted);
          expect(b(i.key).length).toBe(i.mode === 'AES_128_CBC' ? 16 : 32);
          break;
        case 'x25519':
          expect(hex(x25519PublicFromPrivate(b(i.private_a)))).toBe(o.public_a);
          expect(hex(x25519PublicFromPrivate(b(i.private_b)))).toBe(o.public_b);
          expect(hex(x25519SharedSecret(b(i.private_a), b(o.public_b)))).toBe(o.shared_ab);
          expect(hex(x25519SharedSecret(b(i.private_b), b(o.public_a)))).toBe(o.shared_ba);
          break;
        default:
          throw new Error(`unhandled op ${String(i.op)}`);
      }
    });
  }
});

describe('token.json', () => {
  const file = load('token.json');
  it('has cases', () => expect(file.cases.length).toBe(34));
  for (const c of file.cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      const token = new Token(b(i.key));
      if (i.kind === 'encrypt') {
        const urandom = i.urandom as string[];
        const out = token.encrypt(b(i.plaintext), b(urandom[0]));
        expect(hex(out)).toBe(o.token);
        expect(token.mode).toBe(o.mode === 'AES_128_CBC' ? 'aes-128-cbc' : 'aes-256-cbc');
        expect(hex(out.subarray(16, out.length - 32))).toBe(o.ciphertext);
        expect(hex(out.subarray(out.length - 32))).toBe(o.hmac);
        expect(token.verifyHmac(out)).toBe(true);
        expect(hex(token.decrypt(out))).toBe(o.decrypted);
        return;
      }
      expect(token.verifyHmac(b(i.token))).toBe(o.verify_hmac === true);
      if (c.expected_decrypt_ok) {
        expect(hex(token.decrypt(b(i.token)))).toBe(o.plaintext);
      } else {
        let caught: unknown;
        try {
          token.decrypt(b(i.token));
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(RnsError);
        const code = (caught as RnsError).code;
        if (o.verify_hmac === true) expect(code).toBe('RNS_ERR_BAD_PADDING');
        else expect(['RNS_ERR_TOKEN_HMAC', 'RNS_ERR_TOKEN_TRUNCATED']).toContain(code);
      }
    });
  }
});
