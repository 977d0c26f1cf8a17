// SPDX-License-Identifier: MIT
// The policy `slsa-verifier verify-artifact` applies, restated over a verified certificate
// identity and an in-toto statement: trusted builder at a version tag, source repository,
// trigger = material = source URI, commit, subject digest, optional tag. Pure functions over
// already-verified data, so each rule is testable on its own.
import type { Signer } from '@sigstore/verify';
import { CheckFailure } from './checks.js';
import { GITHUB_ACTIONS_ISSUER, requireSubject } from './signatures.js';
import type { ArtifactDigests, Statement } from './signatures.js';

/** Fulcio certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
export const FULCIO_OID = {
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  runnerEnvironment: '1.3.6.1.4.1.57264.1.11',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  buildTrigger: '1.3.6.1.4.1.57264.1.20',
} as const;

/** The slsa-github-generator reusable workflows slsa-verifier trusts as builders. */
export const TRUSTED_GENERATOR_WORKFLOWS: readonly string[] = [
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml',
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml',
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_go_slsa3.yml',
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml',
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_container-based_slsa3.yml',
];

/** SLSA v1 provenance made on a GitHub-hosted runner (npm --provenance, attest-build-provenance). */
export const GITHUB_HOSTED_BUILDER = 'https://github.com/actions/runner/github-hosted';
const V1_BUILD_TYPES = ['https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1', 'https://actions.github.io/buildtypes/workflow/v1'];
const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
const SLSA_V1 = 'https://slsa.dev/provenance/v1';

/** A builder version must be a release tag, never a branch or a commit (slsa-verifier's rule). */
const VERSION_TAG = /^refs\/tags\/v\d+\.\d+\.\d+(-rc\.\d+)?$/;

export interface SlsaPolicy {
  /** `github.com/OWNER/REPO` (or with `https://`): the only source repository accepted. */
  sourceUri: string;
  /** When given, the build must come from exactly `refs/tags/<sourceTag>`. */
  sourceTag?: string;
}

/** The identity claims of a verified certificate that the policy compares against. */
export interface CertificateClaims {
  san: string;
  issuer: string;
  extensions: Partial<Record<keyof typeof FULCIO_OID, string>>;
}

/** Decodes a Fulcio extension value: v2 extensions are DER UTF8Strings, v1 ones raw bytes. */
function decodeExtension(value: Buffer): string {
  if (value.length >= 2 && value[0] === 0x0c) {
    let len = value[1] as number;
    let offset = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | (value[2 + i] as number);
      offset = 2 + n;
    }
    return value.subarray(offset, offset + len).toString('utf8');
  }
  return value.toString('utf8');
}

export function claimsOf(signer: Signer): CertificateClaims {
  const extensions: CertificateClaims['extensions'] = {};
  for (const [name, oid] of Object.entries(FULCIO_OID) as Array<[keyof typeof FULCIO_OID, string]>) {
    const found = signer.identity?.oids?.find((o) => o.oid?.id.join('.') === oid);
    if (found) extensions[name] = decodeExtension(Buffer.from(found.value));
  }
  return { san: signer.identity?.subjectAlternativeName ?? '', issuer: signer.identity?.extensions?.issuer ?? '', extensions };
}

function normalizeSourceUri(uri: string): string {
  const bare = uri.replace(/^https:\/\//, '').replace(/^git\+https:\/\//, '').replace(/\/+$/, '');
  if (!/^github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(bare)) {
    throw new CheckFailure('VERIFY_ERR_INPUT', `--source-uri must look like github.com/OWNER/REPO, got ${uri}`);
  }
  return `https://${bare}`;
}

function need(claims: CertificateClaims, name: keyof typeof FULCIO_OID): string {
  const v = claims.extensions[name];
  if (v === undefined) throw new CheckFailure('VERIFY_ERR_IDENTITY', `the certificate lacks the Fulcio ${name} extension (${FULCIO_OID[name]})`);
  return v;
}

function splitRef(uri: string, repo: string, what: string): string {
  const prefix = `git+${repo}@`;
  if (!uri.startsWith(prefix)) throw new CheckFailure('VERIFY_ERR_SOURCE_REPOSITORY', `${what} is ${uri || 'absent'}, expected the source repository ${repo}`);
  return uri.slice(prefix.length);
}

function checkCommon(claims: CertificateClaims, source: string, ref: string, commit: string | undefined, trigger: string | undefined, policy: SlsaPolicy): string[] {
  if (claims.issuer !== GITHUB_ACTIONS_ISSUER) throw new CheckFailure('VERIFY_ERR_IDENTITY', `certificate issuer is ${claims.issuer || 'absent'}, expected exactly ${GITHUB_ACTIONS_ISSUER}`);
  if (need(claims, 'sourceRepositoryUri') !== source) {
    throw new CheckFailure('VERIFY_ERR_SOURCE_REPOSITORY', `the certificate's source repository is ${claims.extensions.sourceRepositoryUri}, expected exactly ${source}`);
  }
  if (need(claims, 'sourceRepositoryRef') !== ref) throw new CheckFailure('VERIFY_ERR_SOURCE_REF', `the provenance ref ${ref} differs from the certificate's ${claims.extensions.sourceRepositoryRef}`);
  if (commit === undefined || need(claims, 'sourceRepositoryDigest') !== commit) {
    throw new CheckFailure('VERIFY_ERR_SOURCE_COMMIT', `the provenance commit ${commit ?? 'absent'} differs from the certificate's ${claims.extensions.sourceRepositoryDigest}`);
  }
  if (trigger === undefined || need(claims, 'buildTrigger') !== trigger) {
    throw new CheckFailure('VERIFY_ERR_TRIGGER', `the provenance trigger ${trigger ?? 'absent'} differs from the certificate's ${claims.extensions.buildTrigger}`);
  }
  const notes = [`source ${source}@${ref} (${commit})`, `trigger ${trigger}`];
  if (policy.sourceTag !== undefined) {
    if (ref !== `refs/tags/${policy.sourceTag}`) throw new CheckFailure('VERIFY_ERR_SOURCE_TAG', `built from ${ref}, expected exactly refs/tags/${policy.sourceTag}`);
    notes.push(`tag ${policy.sourceTag}`);
  }
  return notes;
}

interface V02Predicate {
  builder?: { id?: string };
  invocation?: { configSource?: { uri?: string; digest?: { sha1?: string } }; environment?: { github_event_name?: string } };
  materials?: Array<{ uri?: string; digest?: { sha1?: string } }>;
}

function applyV02(claims: CertificateClaims, p: V02Predicate, policy: SlsaPolicy): string[] {
  const source = normalizeSourceUri(policy.sourceUri);
  const at = claims.san.lastIndexOf('@');
  const workflow = at < 0 ? claims.san : claims.san.slice(0, at);
  const builderRef = at < 0 ? '' : claims.san.slice(at + 1);
  if (!TRUSTED_GENERATOR_WORKFLOWS.includes(workflow)) throw new CheckFailure('VERIFY_ERR_BUILDER', `the signer ${claims.san} is not a trusted slsa-github-generator builder`);
  if (!VERSION_TAG.test(builderRef)) throw new CheckFailure('VERIFY_ERR_BUILDER', `the builder ${workflow} is at ${builderRef || 'no ref'}, not at a version tag`);
  if (p.builder?.id !== claims.san) throw new CheckFailure('VERIFY_ERR_BUILDER', `the provenance names builder ${p.builder?.id ?? 'absent'}, but the certificate was issued to ${claims.san}`);
  const configUri = p.invocation?.configSource?.uri ?? '';
  const ref = splitRef(configUri, source, 'the provenance trigger (configSource)');
  const material = p.materials?.[0];
  if (material?.uri !== configUri) throw new CheckFailure('VERIFY_ERR_SOURCE_REPOSITORY', `the provenance material ${material?.uri ?? 'absent'} differs from its trigger ${configUri}`);
  if (material.digest?.sha1 !== p.invocation?.configSource?.digest?.sha1) throw new CheckFailure('VERIFY_ERR_SOURCE_COMMIT', 'the provenance material commit differs from its trigger commit');
  const notes = checkCommon(claims, source, ref, p.invocation?.configSource?.digest?.sha1, p.invocation?.environment?.github_event_name, policy);
  return [`builder ${claims.san}`, ...notes];
}

interface V1Predicate {
  buildDefinition?: {
    buildType?: string;
    externalParameters?: { workflow?: { ref?: string; repository?: string; path?: string } };
    internalParameters?: { github?: { event_name?: string } };
    resolvedDependencies?: Array<{ uri?: string; digest?: { gitCommit?: string } }>;
  };
  runDetails?: { builder?: { id?: string } };
}

function applyV1(claims: CertificateClaims, p: V1Predicate, policy: SlsaPolicy): string[] {
  const source = normalizeSourceUri(policy.sourceUri);
  const def = p.buildDefinition;
  if (!V1_BUILD_TYPES.includes(def?.buildType ?? '')) throw new CheckFailure('VERIFY_ERR_PREDICATE', `unsupported SLSA v1 build type ${def?.buildType ?? 'absent'}`);
  // A self-hosted runner is controlled by the repository owner, so it is not a trusted builder.
  if (p.runDetails?.builder?.id !== GITHUB_HOSTED_BUILDER) throw new CheckFailure('VERIFY_ERR_BUILDER', `builder ${p.runDetails?.builder?.id ?? 'absent'} is not ${GITHUB_HOSTED_BUILDER}`);
  if (need(claims, 'runnerEnvironment') !== 'github-hosted') throw new CheckFailure('VERIFY_ERR_BUILDER', `the certificate says the runner was ${claims.extensions.runnerEnvironment}, not github-hosted`);
  const wf = def?.externalParameters?.workflow;
  if (wf?.repository !== source) throw new CheckFailure('VERIFY_ERR_SOURCE_REPOSITORY', `the provenance workflow repository is ${wf?.repository ?? 'absent'}, expected exactly ${source}`);
  const ref = wf.ref ?? '';
  const expectedSan = `${source}/${wf.path ?? ''}@${ref}`;
  if (claims.san !== expectedSan) throw new CheckFailure('VERIFY_ERR_IDENTITY', `the certificate was issued to ${claims.san}, but the provenance names the workflow ${expectedSan}`);
  const dep = def?.resolvedDependencies?.[0];
  if (splitRef(dep?.uri ?? '', source, 'the provenance material (resolvedDependencies)') !== ref) {
    throw new CheckFailure('VERIFY_ERR_SOURCE_REF', `the provenance material ${dep?.uri} differs from the workflow ref ${ref}`);
  }
  const notes = checkCommon(claims, source, ref, dep?.digest?.gitCommit, def?.internalParameters?.github?.event_name, policy);
  return [`builder ${GITHUB_HOSTED_BUILDER} (workflow ${claims.san})`, ...notes];
}

/** Applies the SLSA policy; returns a one-line summary or throws CheckFailure with the reason. */
export function applySlsaPolicy(claims: CertificateClaims, statement: Statement, digests: Partial<ArtifactDigests>, policy: SlsaPolicy): string {
  const subject = requireSubject(statement, digests);
  let notes: string[];
  if (statement.predicateType === SLSA_V02) notes = applyV02(claims, (statement.predicate ?? {}) as V02Predicate, policy);
  else if (statement.predicateType === SLSA_V1) notes = applyV1(claims, (statement.predicate ?? {}) as V1Predicate, policy);
  else throw new CheckFailure('VERIFY_ERR_PREDICATE', `predicate type ${statement.predicateType} is not SLSA provenance v0.2 or v1`);
  return [subject, ...notes].join('; ');
}
