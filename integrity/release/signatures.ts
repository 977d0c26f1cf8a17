// SPDX-License-Identifier: MIT
// Signature checks over an artifact: key-based Cosign signatures (Sigstore bundle v0.3, the legacy
// cosign bundle, a bare base64 signature) and keyless Sigstore bundles with an exact identity.
import { createHash, verify as cryptoVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import type { Bundle } from '@sigstore/bundle';
import { toSignedEntity, Verifier } from '@sigstore/verify';
import type { Signer } from '@sigstore/verify';
import { CheckFailure } from './checks.js';
import { keylessTrustMaterial, keyTrustMaterial, parsePublicKey } from './trust.js';

/** The digests of an artifact that statements and bundles may name (lowercase hex). */
export interface ArtifactDigests {
  sha256: string;
  sha512: string;
}

export function digestArtifact(bytes: Uint8Array): ArtifactDigests {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
  };
}

/** GitHub Actions' OIDC issuer: the only issuer a keyless release or provenance may come from. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** An exact-match identity policy: no patterns, no prefixes. */
export interface IdentityPolicy {
  /** The certificate's subject alternative name, e.g. a workflow URI at a ref. */
  identity: string;
  issuer: string;
}

/** An in-toto statement (v0.1 or v1) as carried in a DSSE payload. */
export interface Statement {
  _type: string;
  subject: Array<{ name?: string; digest: Record<string, string> }>;
  predicateType: string;
  predicate: unknown;
}

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

/** Parses JSON or fails the check with a format reason naming what was parsed. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CheckFailure('VERIFY_ERR_FORMAT', `${what} is not JSON: ${(error as Error).message}`);
  }
}

/** Parses a serialized Sigstore bundle (any version @sigstore/bundle accepts). */
export function parseBundle(json: unknown): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    throw new CheckFailure('VERIFY_ERR_FORMAT', `not a valid Sigstore bundle: ${(error as Error).message}`);
  }
}

/** Decodes the in-toto statement of a DSSE bundle. The payload must already be verified. */
export function statementOf(bundle: Bundle): Statement {
  if (bundle.content.$case !== 'dsseEnvelope') throw new CheckFailure('VERIFY_ERR_PREDICATE', 'the bundle signs a message, not an attestation');
  const env = bundle.content.dsseEnvelope;
  if (env.payloadType !== IN_TOTO_PAYLOAD_TYPE) throw new CheckFailure('VERIFY_ERR_PREDICATE', `payload type ${env.payloadType} is not ${IN_TOTO_PAYLOAD_TYPE}`);
  const st = parseJson(env.payload.toString('utf8'), 'the DSSE payload') as Partial<Statement> | null;
  if (!st || typeof st !== 'object' || !IN_TOTO_TYPES.includes(String(st._type)) || !Array.isArray(st.subject) || typeof st.predicateType !== 'string') {
    throw new CheckFailure('VERIFY_ERR_PREDICATE', 'the DSSE payload is not an in-toto statement');
  }
  return st as Statement;
}

/**
 * Fails unless some subject of the statement names the artifact's sha256 or sha512. Digests may be
 * partial (verifying by a published digest when the artifact itself is not at hand).
 */
export function requireSubject(statement: Statement, digests: Partial<ArtifactDigests>): string {
  if (digests.sha256 === undefined && digests.sha512 === undefined) throw new CheckFailure('VERIFY_ERR_INPUT', 'no artifact digest to compare');
  for (const s of statement.subject) {
    const d = s?.digest ?? {};
    if (digests.sha256 !== undefined && d.sha256?.toLowerCase() === digests.sha256) return `subject ${s.name ?? '?'} sha256 matches`;
    if (digests.sha512 !== undefined && d.sha512?.toLowerCase() === digests.sha512) return `subject ${s.name ?? '?'} sha512 matches`;
  }
  throw new CheckFailure('VERIFY_ERR_SUBJECT_DIGEST', `no subject of the statement has the artifact's digest (${digests.sha256 !== undefined ? `sha256 ${digests.sha256}` : `sha512 ${digests.sha512}`})`);
}

function verifyRaw(key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  // Ed25519 signs the message itself; ECDSA and RSA cosign keys sign its SHA-256.
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  try {
    return cryptoVerify(algorithm, data, key, signature);
  } catch (error) {
    throw new CheckFailure('VERIFY_ERR_SIGNATURE', `signature could not be checked: ${(error as Error).message}`);
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeBase64Signature(text: string, what: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) throw new CheckFailure('VERIFY_ERR_FORMAT', `${what} is not base64`);
  return Buffer.from(compact, 'base64');
}

/** Which of the three key-based formats a signature file is, by its content, never its name. */
export type KeySignatureFormat = 'sigstore-bundle' | 'legacy-cosign-bundle' | 'bare-signature';

export function detectKeySignatureFormat(text: string): KeySignatureFormat {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return 'bare-signature';
  const json = parseJson(trimmed, 'the signature file') as Record<string, unknown>;
  if (typeof json.mediaType === 'string') return 'sigstore-bundle';
  if (typeof json.base64Signature === 'string') return 'legacy-cosign-bundle';
  throw new CheckFailure('VERIFY_ERR_FORMAT', 'the signature file is JSON but neither a Sigstore bundle nor a cosign bundle');
}

/**
 * Verifies a key-based Cosign signature of `artifact` with the public key `keyPem`. Returns the
 * success reason; throws CheckFailure with the specific reason otherwise.
 */
export function verifyWithKey(artifact: Uint8Array, signatureText: string, keyPem: string): string {
  const key = parsePublicKey(keyPem);
  const format = detectKeySignatureFormat(signatureText);
  if (format === 'bare-signature') {
    if (!verifyRaw(key, artifact, decodeBase64Signature(signatureText, 'the bare signature'))) {
      throw new CheckFailure('VERIFY_ERR_SIGNATURE', 'the signature does not verify over the artifact with this key');
    }
    return 'bare signature verified with the given key';
  }
  if (format === 'legacy-cosign-bundle') {
    const legacy = parseJson(signatureText, 'the cosign bundle') as { base64Signature: string; cert?: unknown };
    if (legacy.cert !== undefined && legacy.cert !== '') {
      throw new CheckFailure('VERIFY_ERR_FORMAT', 'the legacy cosign bundle carries a certificate (keyless); it cannot be checked with --key, and has no inclusion proof to check offline: use a Sigstore bundle', 'unverifiable');
    }
    if (!verifyRaw(key, artifact, decodeBase64Signature(legacy.base64Signature, 'base64Signature'))) {
      throw new CheckFailure('VERIFY_ERR_SIGNATURE', 'the signature does not verify over the artifact with this key');
    }
    return 'legacy cosign bundle signature verified with the given key';
  }
  const bundle = parseBundle(parseJson(signatureText, 'the bundle'));
  if (bundle.verificationMaterial.content.$case !== 'publicKey') {
    throw new CheckFailure('VERIFY_ERR_KEY', 'the bundle is keyless (it carries a certificate); verify it without --key and with --certificate-identity');
  }
  const digests = digestArtifact(artifact);
  if (bundle.content.$case === 'messageSignature') {
    // @sigstore/verify checks the signature over the artifact but not the digest the bundle
    // declares; a bundle whose declared digest is not the artifact's is rejected here.
    const md = bundle.content.messageSignature.messageDigest;
    if (md === undefined || md.digest.toString('hex') !== digests.sha256) {
      throw new CheckFailure('VERIFY_ERR_ARTIFACT_DIGEST', `the bundle's message digest is not the artifact's sha256 (${digests.sha256})`);
    }
  }
  // No transparency log or timestamp is required for key-based signatures (cosign
  // --tlog-upload=false); entries that are present are still verified against the public-good logs.
  const verifier = new Verifier(keyTrustMaterial(key), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle, Buffer.from(artifact)));
  if (bundle.content.$case === 'dsseEnvelope') {
    const statement = statementOf(bundle);
    return `attestation (${statement.predicateType}) verified with the given key; ${requireSubject(statement, digests)}`;
  }
  return `Sigstore bundle (${bundle.mediaType}) message signature verified with the given key`;
}

/**
 * @sigstore/verify checks the Merkle path against the root hash inside the *signed* checkpoint
 * and ignores the bundle's own unsigned `rootHash`/`treeSize` copies. A bundle whose copies
 * disagree with its checkpoint has been edited, so it is rejected rather than silently accepted.
 */
function requireConsistentProofs(bundle: Bundle): void {
  for (const entry of bundle.verificationMaterial.tlogEntries) {
    const proof = entry.inclusionProof;
    const envelope = proof?.checkpoint?.envelope;
    if (proof === undefined || envelope === undefined) continue;
    const [, size, rootB64] = envelope.split('\n');
    if (size !== proof.treeSize || rootB64 === undefined || Buffer.from(rootB64, 'base64').toString('hex') !== proof.rootHash.toString('hex')) {
      throw new CheckFailure('VERIFY_ERR_TLOG_PROOF', `inclusion proof of log entry ${entry.logIndex} disagrees with its signed checkpoint (root hash or tree size edited)`);
    }
  }
}

/**
 * Verifies a keyless bundle against the public-good root (certificate chain to Fulcio, SCT,
 * Rekor inclusion proof and SET, signature) and returns the signer. No identity policy here.
 */
export function verifyKeylessBundle(bundle: Bundle, artifact?: Uint8Array): Signer {
  if (bundle.verificationMaterial.content.$case === 'publicKey') {
    throw new CheckFailure('VERIFY_ERR_KEY', 'the bundle is key-based (no certificate); verify it with --key');
  }
  requireConsistentProofs(bundle);
  const verifier = new Verifier(keylessTrustMaterial(), { tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
  return verifier.verify(toSignedEntity(bundle, artifact === undefined ? undefined : Buffer.from(artifact)));
}

/** Exact comparison of the signer against a policy (the library itself treats SANs as regexes). */
export function requireIdentity(signer: Signer, policy: IdentityPolicy): void {
  const san = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  if (issuer !== policy.issuer) throw new CheckFailure('VERIFY_ERR_IDENTITY', `certificate issuer is ${issuer ?? 'absent'}, expected exactly ${policy.issuer}`);
  if (san !== policy.identity) throw new CheckFailure('VERIFY_ERR_IDENTITY', `certificate identity is ${san ?? 'absent'}, expected exactly ${policy.identity}`);
}

/** Verifies a keyless Sigstore bundle over `artifact` with an exact identity policy. */
export function verifyKeyless(artifact: Uint8Array, bundleText: string, policy: IdentityPolicy | undefined): string {
  const format = detectKeySignatureFormat(bundleText);
  if (format === 'bare-signature') throw new CheckFailure('VERIFY_ERR_INPUT', 'a bare signature can only be checked with --key');
  if (format === 'legacy-cosign-bundle') {
    throw new CheckFailure('VERIFY_ERR_FORMAT', 'a legacy cosign bundle without --key: its SET alone is not verified offline here; use a Sigstore bundle (or --key for key-signed ones)', 'unverifiable');
  }
  const bundle = parseBundle(parseJson(bundleText, 'the bundle'));
  if (!policy) throw new CheckFailure('VERIFY_ERR_POLICY_MISSING', 'a keyless bundle needs --certificate-identity (an exact identity); refusing to accept any signer');
  const digests = digestArtifact(artifact);
  if (bundle.content.$case === 'messageSignature') {
    const md = bundle.content.messageSignature.messageDigest;
    if (md === undefined || md.digest.toString('hex') !== digests.sha256) {
      throw new CheckFailure('VERIFY_ERR_ARTIFACT_DIGEST', `the bundle's message digest is not the artifact's sha256 (${digests.sha256})`);
    }
  }
  const signer = verifyKeylessBundle(bundle, artifact);
  requireIdentity(signer, policy);
  if (bundle.content.$case === 'dsseEnvelope') return `keyless attestation by ${policy.identity}; ${requireSubject(statementOf(bundle), digests)}`;
  return `keyless signature by ${policy.identity} (issuer ${policy.issuer})`;
}
