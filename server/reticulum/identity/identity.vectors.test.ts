// SPDX-License-Identifier: MIT
// Every case of identity.json and identity_encrypt.json, byte for byte against the reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RnsError } from '../errors.js';
import { Identity, randomHash, ratchetId, ratchetPublicBytes } from './index.js';

interface Case {
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  expected_valid?: boolean;
}
const load = (name: string): Case[] =>
  (JSON.parse(readFileSync(new URL(`../../fixtures/vectors/${name}`, import.meta.url), 'utf8')) as { cases: Case[] }).cases;
const b = (h: unknown): Uint8Array => new Uint8Array(Buffer.from(String(h), 'hex'));
const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RnsError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('identity.json', () => {
  const cases = load('identity.json');
  it('has cases', () => expect(cases.length).toBe(19));
  for (const c of cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      switch (i.kind) {
        case 'keypair': {
          const id = Identity.fromPrivateBytes(b(i.private_key));
          expect(hex(id.publicKey)).toBe(o.public_key);
          expect(hex(id.encryptionPublicKey)).toBe(o.x25519_public);
          expect(hex(id.signingPublicKey)).toBe(o.ed25519_public);
          expect(hex(id.hash)).toBe(o.identity_hash);
          expect(id.hexHash).toBe(o.identity_hash);
          expect(hex(id.privateKeyBytes())).toBe(o.private_key_roundtrip);
          expect(hex(id.privateKeyBytes())).toBe(`${String(i.x25519_private)}${String(i.ed25519_private_seed)}`);
          expect(hex(Identity.fromPublicBytes(b(o.public_key)).hash)).toBe(o.identity_hash);
          break;
        }
        case 'sign': {
          const id = Identity.fromPrivateBytes(b(i.private_key));
          const sig = id.sign(b(i.message));
          expect(hex(sig)).toBe(o.signature);
          expect(Identity.fromPublicBytes(id.publicKey).verify(sig, b(i.message))).toBe(o.validates);
          break;
        }
        case 'validate':
          expect(Identity.fromPublicBytes(b(i.public_key)).verify(b(i.signature), b(i.message))).toBe(c.expected_valid);
          expect(o.valid).toBe(c.expected_valid);
          break;
        case 'random_hash':
          expect(hex(randomHash(b((i.urandom as string[])[0])))).toBe(o.random_hash);
          break;
        default:
          throw new Error(`unhandled kind ${String(i.kind)}`);
      }
    });
  }
});

describe('identity_encrypt.json', () => {
  const cases = load('identity_encrypt.json');
  it('has cases', () => expect(cases.length).toBe(6));
  for (const c of cases) {
    it(c.name, () => {
      const i = c.inputs;
      const o = c.outputs;
      const target = Identity.fromPrivateBytes(b(i.target_private_key));
      const publicTarget = Identity.fromPublicBytes(target.publicKey);
      expect(hex(target.publicKey)).toBe(o.target_public_key);
      expect(hex(target.hash)).toBe(o.salt_identity_hash);
      const ratchetPriv = i.ratchet_private === null ? null : b(i.ratchet_private);
      const ratchetPub = ratchetPriv ? ratchetPublicBytes(ratchetPriv) : null;
      const ciphertext = publicTarget.encrypt(b(i.plaintext), {
        ratchet: ratchetPub,
        ephemeralPrivate: b(i.ephemeral_private),
        iv: b((i.urandom as string[])[0]),
      });
      expect(hex(ciphertext)).toBe(o.ciphertext);
      expect(hex(ciphertext.subarray(0, 32))).toBe(o.ephemeral_public);
      expect(hex(ciphertext.subarray(32))).toBe(o.token);

      const other = Identity.generate();
      if (ratchetPriv && ratchetPub) {
        expect(hex(ratchetPub)).toBe(o.ratchet_public);
        expect(hex(ratchetId(ratchetPub))).toBe(o.ratchet_id);
        const decrypted = target.decryptDetailed(ciphertext, { ratchets: [Identity.generate().privateKeyBytes().subarray(0, 32), ratchetPriv] });
        expect(hex(decrypted.plaintext)).toBe(o.decrypt_with_ratchets);
        expect(hex(decrypted.ratchetId ?? new Uint8Array())).toBe(o.decrypt_ratchet_id_reported);
        // The reference returns None for these (decrypt_without_ratchets, decrypt_enforced_wrong_ratchet).
        expect(o.decrypt_without_ratchets).toBeNull();
        expect(errorCode(() => target.decrypt(ciphertext))).toBe('RNS_ERR_TOKEN_HMAC');
        expect(o.decrypt_enforced_wrong_ratchet).toBeNull();
        expect(errorCode(() => target.decrypt(ciphertext, { ratchets: [other.privateKeyBytes().subarray(0, 32)], enforceRatchets: true }))).toBe(
          'RNS_ERR_RATCHET_REQUIRED',
        );
      } else {
        expect(hex(target.decrypt(ciphertext))).toBe(o.decrypt);
        const plain = target.decryptDetailed(ciphertext, { ratchets: [other.privateKeyBytes().subarray(0, 32)] });
        expect(plain.ratchetId).toBeNull();
        expect(o.decrypt_enforced_with_some_ratchet).toBeNull();
        expect(errorCode(() => target.decrypt(ciphertext, { ratchets: [other.privateKeyBytes().subarray(0, 32)], enforceRatchets: true }))).toBe(
          'RNS_ERR_RATCHET_REQUIRED',
        );
        expect(o.decrypt_by_other_identity).toBeNull();
        expect(errorCode(() => other.decrypt(ciphertext))).toBe('RNS_ERR_TOKEN_HMAC');
      }
    });
  }
});
