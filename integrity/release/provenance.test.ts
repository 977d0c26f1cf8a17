// SPDX-License-Identifier: MIT
// SLSA provenance over the real fixtures: slsa-github-generator generic generator (v2.1.0 bundles
// verify offline; v1.10.0/v2.0.0 bare envelopes are unverifiable, never passed), npm's SLSA v1
// provenance, and an npm registry attestations document. The policy is slsa-verifier's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckFailure } from './checks.js';
import { verifyProvenance } from './provenance.js';
import { applySlsaPolicy, claimsOf } from './slsa-policy.js';
import type { CertificateClaims } from './slsa-policy.js';
import { parseBundle, statementOf, verifyKeylessBundle } from './signatures.js';
import type { Statement } from './signatures.js';

// Fixture JSON is edited field by field; a precise type for every bundle field would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const text = (rel: string) => readFileSync(path.join(FIX, rel), 'utf8');

/** ARTIFACTS.sha256 maps each generator run to the digest of the binary it built. */
const SUMS = new Map(
  text('slsa-generic/ARTIFACTS.sha256')
    .trim()
    .split('\n')
    .map((l) => {
      const [hex, name] = l.split(/\s+/);
      return [name as string, hex as string];
    }),
);
const digestOf = (name: string) => ({ sha256: SUMS.get(name) as string });
const REPO = 'github.com/slsa-framework/example-package';
const PUSH = 'slsa-generic/v2.1.0-binary-linux-amd64-push-v14.intoto.jsonl';
const DISPATCH = 'slsa-generic/v2.1.0-binary-linux-amd64-workflow_dispatch.intoto.jsonl';

describe('slsa-github-generator generic provenance', () => {
  it('passes both genuine v2.1.0 bundles for the source repository', () => {
    for (const [file, name] of [[PUSH, 'v2.1.0-binary-linux-amd64-push-v14'], [DISPATCH, 'v2.1.0-binary-linux-amd64-workflow_dispatch']] as const) {
      const results = verifyProvenance(digestOf(name), text(file), { sourceUri: REPO });
      expect(results).toEqual([expect.objectContaining({ outcome: 'passed', code: 'VERIFY_OK' })]);
      expect(results[0]?.reason).toContain('generator_generic_slsa3.yml@refs/tags/v2.1.0');
    }
  });

  it('passes the tag push with --source-tag v14 and fails the wrong tag', () => {
    expect(verifyProvenance(digestOf('v2.1.0-binary-linux-amd64-push-v14'), text(PUSH), { sourceUri: REPO, sourceTag: 'v14' })[0]?.outcome).toBe('passed');
    expect(verifyProvenance(digestOf('v2.1.0-binary-linux-amd64-push-v14'), text(PUSH), { sourceUri: REPO, sourceTag: 'v13' })[0]?.code).toBe('VERIFY_ERR_SOURCE_TAG');
    // A workflow_dispatch run on main is not a tag build at all.
    expect(verifyProvenance(digestOf('v2.1.0-binary-linux-amd64-workflow_dispatch'), text(DISPATCH), { sourceUri: REPO, sourceTag: 'v14' })[0]?.code).toBe('VERIFY_ERR_SOURCE_TAG');
  });

  it('fails the wrong repository, including a prefix of the right one', () => {
    const d = digestOf('v2.1.0-binary-linux-amd64-push-v14');
    expect(verifyProvenance(d, text(PUSH), { sourceUri: 'github.com/slsa-framework/other-package' })[0]?.code).toBe('VERIFY_ERR_SOURCE_REPOSITORY');
    expect(verifyProvenance(d, text(PUSH), { sourceUri: 'github.com/slsa-framework/example-packag' })[0]?.code).toBe('VERIFY_ERR_SOURCE_REPOSITORY');
  });

  it('fails a different artifact (subject digest)', () => {
    expect(verifyProvenance({ sha256: '0'.repeat(64) }, text(PUSH), { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_SUBJECT_DIGEST');
  });

  it('fails a tampered payload, certificate and inclusion proof with their reasons', () => {
    const d = digestOf('v2.1.0-binary-linux-amd64-push-v14');
    const edit = (f: (j: Json) => void) => {
      const j = JSON.parse(text(PUSH));
      f(j);
      return JSON.stringify(j);
    };
    const payload = edit((j) => {
      j.dsseEnvelope.payload = Buffer.from(Buffer.from(j.dsseEnvelope.payload, 'base64').toString('utf8').replace('refs/tags/v14', 'refs/tags/v15')).toString('base64');
    });
    expect(verifyProvenance(d, payload, { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_TLOG_BODY');
    const cert = edit((j) => {
      const b = Buffer.from(j.verificationMaterial.certificate.rawBytes, 'base64');
      b[b.length - 5] = (b[b.length - 5] as number) ^ 1;
      j.verificationMaterial.certificate.rawBytes = b.toString('base64');
    });
    expect(verifyProvenance(d, cert, { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_CERTIFICATE');
    const proof = edit((j) => {
      j.verificationMaterial.tlogEntries[0].inclusionProof.rootHash = Buffer.alloc(32, 7).toString('base64');
    });
    expect(verifyProvenance(d, proof, { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_TLOG_PROOF');
    const path = edit((j) => {
      const hashes = j.verificationMaterial.tlogEntries[0].inclusionProof.hashes;
      hashes[1] = Buffer.alloc(32, 9).toString('base64');
    });
    expect(verifyProvenance(d, path, { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_TLOG_PROOF');
    const set = edit((j) => {
      j.verificationMaterial.tlogEntries[0].integratedTime = String(Number(j.verificationMaterial.tlogEntries[0].integratedTime) + 1);
    });
    expect(verifyProvenance(d, set, { sourceUri: REPO })[0]?.code).toBe('VERIFY_ERR_TLOG_SET');
  });

  it('reports the older bare DSSE envelopes as unverifiable offline, never passed', () => {
    for (const f of ['v1.10.0-binary-linux-amd64-push-v14', 'v2.0.0-binary-linux-amd64-push-v14', 'binary-linux-amd64-push-v14']) {
      const results = verifyProvenance(digestOf(f), text(`slsa-generic/${f}.intoto.jsonl`), { sourceUri: REPO });
      expect(results).toEqual([expect.objectContaining({ outcome: 'unverifiable', code: 'VERIFY_ERR_OFFLINE_UNVERIFIABLE' })]);
    }
  });
});

describe('the SLSA policy over verified claims', () => {
  // Real claims and statement from the verified v2.1.0 bundle; each test changes one thing.
  const bundle = parseBundle(JSON.parse(text(PUSH)));
  const claims = claimsOf(verifyKeylessBundle(bundle));
  const statement = statementOf(bundle);
  const digests = digestOf('v2.1.0-binary-linux-amd64-push-v14');
  const codeOf = (c: CertificateClaims, s: Statement) => {
    try {
      applySlsaPolicy(c, s, digests, { sourceUri: REPO });
      return 'passed';
    } catch (error) {
      return (error as CheckFailure).code;
    }
  };
  const withPredicate = (f: (p: Json) => void): Statement => {
    const copy = structuredClone(statement) as Statement & { predicate: Json };
    f(copy.predicate);
    return copy;
  };

  it('accepts the genuine claims', () => {
    expect(codeOf(claims, statement)).toBe('passed');
  });

  it('rejects an untrusted builder, a builder at a branch, and a builder mismatch', () => {
    expect(codeOf({ ...claims, san: 'https://github.com/evil/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0' }, statement)).toBe('VERIFY_ERR_BUILDER');
    const atMain = 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/heads/main';
    expect(codeOf({ ...claims, san: atMain }, withPredicate((p) => (p.builder.id = atMain)))).toBe('VERIFY_ERR_BUILDER');
    expect(codeOf(claims, withPredicate((p) => (p.builder.id = p.builder.id.replace('v2.1.0', 'v2.0.0'))))).toBe('VERIFY_ERR_BUILDER');
  });

  it('requires trigger = material = source URI, the same commit and the same event', () => {
    expect(codeOf(claims, withPredicate((p) => (p.materials[0].uri = 'git+https://github.com/slsa-framework/example-package@refs/heads/main')))).toBe('VERIFY_ERR_SOURCE_REPOSITORY');
    expect(codeOf(claims, withPredicate((p) => (p.invocation.configSource.digest.sha1 = p.materials[0].digest.sha1 = 'f'.repeat(40))))).toBe('VERIFY_ERR_SOURCE_COMMIT');
    expect(codeOf(claims, withPredicate((p) => (p.invocation.environment.github_event_name = 'workflow_dispatch')))).toBe('VERIFY_ERR_TRIGGER');
    expect(codeOf({ ...claims, issuer: 'https://accounts.google.com' }, statement)).toBe('VERIFY_ERR_IDENTITY');
  });

  it('rejects predicates other than SLSA provenance', () => {
    expect(codeOf(claims, { ...statement, predicateType: 'https://cyclonedx.org/bom' })).toBe('VERIFY_ERR_PREDICATE');
  });
});

describe('npm provenance (SLSA v1)', () => {
  const TGZ = readFileSync(path.join(FIX, 'npm-provenance/sigstore-2.0.0.tgz'));

  it('passes the genuine sigstore@2.0.0 provenance and fails a wrong repository or tag', () => {
    const file = text('npm-provenance/sigstore.js@2.0.0-provenance.sigstore.json');
    expect(verifyProvenance(TGZ, file, { sourceUri: 'github.com/sigstore/sigstore-js' })[0]).toMatchObject({ outcome: 'passed' });
    expect(verifyProvenance(TGZ, file, { sourceUri: 'github.com/sigstore/sigstore-go' })[0]?.code).toBe('VERIFY_ERR_SOURCE_REPOSITORY');
    expect(verifyProvenance(TGZ, file, { sourceUri: 'github.com/sigstore/sigstore-js', sourceTag: 'v2.0.0' })[0]?.code).toBe('VERIFY_ERR_SOURCE_TAG');
  });

  it('verifies both attestations of an npm registry attestations document', () => {
    const tgz = readFileSync(path.join(FIX, 'npm-attestations/gundam-visor-cli-v1-tag.tgz'));
    const doc = text('npm-attestations/gundam-visor-cli-v1-tag.tgz.json');
    const results = verifyProvenance(tgz, doc, { sourceUri: 'github.com/ramonpetgrave64/gundam-visor', sourceTag: 'v1.0.1' });
    expect(results.map((r) => [r.check, r.outcome])).toEqual([
      ['npm publish attestation', 'passed'],
      ['SLSA provenance (https://slsa.dev/provenance/v1, npm attestations)', 'passed'],
    ]);
    const wrong = verifyProvenance(Buffer.concat([tgz, Buffer.from([1])]), doc, { sourceUri: 'github.com/ramonpetgrave64/gundam-visor' });
    expect(wrong.map((r) => r.code)).toEqual(['VERIFY_ERR_SUBJECT_DIGEST', 'VERIFY_ERR_SUBJECT_DIGEST']);
  });
});
