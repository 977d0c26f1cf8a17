// SPDX-License-Identifier: MIT
// Offline trust material. The public-good Sigstore trusted root (Fulcio CAs, Rekor and CT log
// keys) and the npm registry's attestation keys come from the TUF seed that ships inside
// @sigstore/tuf. We decode the seed ourselves: `getTrustedRoot()` always goes to the network, and
// `strand verify` must work offline. The seed's integrity rests on the npm lockfile that pinned
// @sigstore/tuf (see the limits in the report / SECURITY.md).
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PublicKey, TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial } from '@sigstore/verify';
import type { TrustMaterial } from '@sigstore/verify';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { CheckFailure } from './checks.js';

const PUBLIC_GOOD_TUF = 'https://tuf-repo-cdn.sigstore.dev';
const TRUSTED_ROOT_TARGET = 'trusted_root.json';
const NPM_KEYS_TARGET = 'registry.npmjs.org%2Fkeys.json';

function seedTarget(name: string): unknown {
  const repo = (seeds as Record<string, { targets?: Record<string, string> }>)[PUBLIC_GOOD_TUF];
  const encoded = repo?.targets?.[name];
  if (encoded === undefined) throw new CheckFailure('VERIFY_ERR_INPUT', `the @sigstore/tuf seed has no ${name} for ${PUBLIC_GOOD_TUF}`);
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
}

let cachedRoot: TrustedRoot | undefined;

/** The public-good Sigstore trusted root, decoded from the @sigstore/tuf seed (no network). */
export function publicGoodTrustedRoot(): TrustedRoot {
  cachedRoot ??= TrustedRoot.fromJSON(seedTarget(TRUSTED_ROOT_TARGET));
  return cachedRoot;
}

/** Trust material for keyless bundles: public-good CAs and logs; key hints are never trusted. */
export function keylessTrustMaterial(): TrustMaterial {
  return toTrustMaterial(publicGoodTrustedRoot(), {});
}

/**
 * Trust material for key-based bundles: whatever key hint the bundle names, the only key is the
 * one the verifier supplied (the hint is an unauthenticated label). Log keys stay those of the
 * public-good root, so any transparency-log entry a bundle carries is still checked.
 */
export function keyTrustMaterial(key: KeyObject): TrustMaterial {
  return toTrustMaterial(publicGoodTrustedRoot(), () => ({ publicKey: key, validFor: () => true }));
}

/** Trust material for npm registry publish attestations: the registry's `npm:attestations` keys. */
export function npmRegistryTrustMaterial(): TrustMaterial {
  const doc = seedTarget(NPM_KEYS_TARGET) as { keys?: Array<{ keyId: string; keyUsage: string; publicKey: unknown }> };
  const keys: Record<string, PublicKey> = {};
  for (const k of doc.keys ?? []) {
    if (k.keyUsage !== 'npm:attestations') continue;
    keys[k.keyId] = PublicKey.fromJSON(k.publicKey);
  }
  return toTrustMaterial(publicGoodTrustedRoot(), keys);
}

/** Parses a PEM public key (cosign.pub); a private key or garbage is an input error. */
export function parsePublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new CheckFailure('VERIFY_ERR_KEY', `not a PEM public key: ${(error as Error).message}`);
  }
}
