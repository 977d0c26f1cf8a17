// SPDX-License-Identifier: MIT
// Provenance files: a Sigstore bundle (slsa-github-generator v2.1.0+ `.intoto.jsonl`, npm's
// provenance bundle), an npm registry attestations document, or a bare DSSE envelope (older
// generators), which needs an online Rekor lookup and is reported as unverifiable, never passed.
import { toSignedEntity, Verifier } from '@sigstore/verify';
import { CheckFailure, runCheck } from './checks.js';
import type { CheckResult } from './checks.js';
import { applySlsaPolicy, claimsOf } from './slsa-policy.js';
import type { SlsaPolicy } from './slsa-policy.js';
import { digestArtifact, parseBundle, parseJson, requireSubject, statementOf, verifyKeylessBundle } from './signatures.js';
import type { ArtifactDigests } from './signatures.js';
import { npmRegistryTrustMaterial } from './trust.js';

const NPM_PUBLISH_PREDICATE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
const SLSA_PREDICATES = ['https://slsa.dev/provenance/v0.2', 'https://slsa.dev/provenance/v1'];

/** Verifies one keyless provenance bundle (signature, chain, logs) and applies the SLSA policy. */
function verifyProvenanceBundle(json: unknown, digests: Partial<ArtifactDigests>, policy: SlsaPolicy): string {
  const bundle = parseBundle(json);
  const signer = verifyKeylessBundle(bundle);
  const statement = statementOf(bundle);
  return applySlsaPolicy(claimsOf(signer), statement, digests, policy);
}

/** The npm registry's own publish attestation, signed with the registry key from the TUF seed. */
function verifyNpmPublishAttestation(json: unknown, digests: Partial<ArtifactDigests>): string {
  const bundle = parseBundle(json);
  if (bundle.verificationMaterial.content.$case !== 'publicKey') throw new CheckFailure('VERIFY_ERR_KEY', 'an npm publish attestation must be signed by the registry key');
  new Verifier(npmRegistryTrustMaterial(), { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 }).verify(toSignedEntity(bundle));
  const statement = statementOf(bundle);
  if (statement.predicateType !== NPM_PUBLISH_PREDICATE) throw new CheckFailure('VERIFY_ERR_PREDICATE', `predicate type ${statement.predicateType} is not the npm publish attestation`);
  return `signed by the npm registry key ${bundle.verificationMaterial.content.publicKey.hint}; ${requireSubject(statement, digests)}`;
}

function isBareEnvelope(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'payloadType' in json && 'signatures' in json && !('mediaType' in json);
}

/** Splits a provenance file into its JSON documents: one JSON value, or JSON Lines. */
function documentsOf(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new CheckFailure('VERIFY_ERR_FORMAT', 'the provenance file is empty');
  try {
    return [JSON.parse(trimmed)];
  } catch (error) {
    // Not a single JSON value: read it as JSON Lines (one envelope or bundle per line).
    void error;
    return trimmed.split('\n').filter((l) => l.trim() !== '').map((l, i) => parseJson(l, `line ${i + 1} of the provenance file`));
  }
}

/**
 * Verifies a provenance file for an artifact given by its bytes or by its digests. Returns one
 * CheckResult per attestation found; the policy (`sourceUri`, optional `sourceTag`) is that of
 * `slsa-verifier verify-artifact`.
 */
export function verifyProvenance(artifact: Uint8Array | Partial<ArtifactDigests>, text: string, policy: SlsaPolicy): CheckResult[] {
  const digests = artifact instanceof Uint8Array ? digestArtifact(artifact) : artifact;
  let docs: unknown[];
  try {
    docs = documentsOf(text);
  } catch (error) {
    return [runCheck('SLSA provenance', () => {
      throw error;
    })];
  }
  const results: CheckResult[] = [];
  for (const doc of docs) {
    if (isBareEnvelope(doc)) {
      results.push({
        check: 'SLSA provenance (bare DSSE envelope)',
        outcome: 'unverifiable',
        code: 'VERIFY_ERR_OFFLINE_UNVERIFIABLE',
        reason: 'a bare DSSE envelope (slsa-github-generator before v2.1.0) carries no certificate or log proof; it can only be verified with an online Rekor lookup',
      });
      continue;
    }
    const attestations = (doc as { attestations?: unknown }).attestations;
    if (Array.isArray(attestations)) {
      for (const a of attestations as Array<{ predicateType?: string; bundle?: unknown }>) {
        if (a.predicateType === NPM_PUBLISH_PREDICATE) {
          results.push(runCheck('npm publish attestation', () => verifyNpmPublishAttestation(a.bundle, digests)));
        } else if (SLSA_PREDICATES.includes(a.predicateType ?? '')) {
          results.push(runCheck(`SLSA provenance (${a.predicateType}, npm attestations)`, () => verifyProvenanceBundle(a.bundle, digests, policy)));
        } else {
          results.push({ check: `attestation ${a.predicateType ?? '(no predicate type)'}`, outcome: 'unverifiable', code: 'VERIFY_ERR_FORMAT', reason: 'unknown attestation type; not checked' });
        }
      }
      continue;
    }
    results.push(runCheck('SLSA provenance (Sigstore bundle)', () => verifyProvenanceBundle(doc, digests, policy)));
  }
  return results;
}
