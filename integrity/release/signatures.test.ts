// SPDX-License-Identifier: MIT
// Key-based and keyless signature checks over the real supply-chain fixtures (integrity/fixtures,
// copied from cosign 2.5.0 output and the public-good Sigstore instance). Every genuine artifact
// passes; every tampering fails with its specific reason code.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from './checks.js';
import type { CheckResult } from './checks.js';
import { GITHUB_ACTIONS_ISSUER, verifyKeyless, verifyWithKey } from './signatures.js';

// Fixture JSON is edited field by field; a precise type for every bundle field would add nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FIX = path.join(import.meta.dirname, '..', 'fixtures');
const read = (rel: string) => readFileSync(path.join(FIX, rel));
const text = (rel: string) => read(rel).toString('utf8');

const BLOB = read('cosign/blob.txt');
const KEY = text('cosign/cosign.pub');
const OTHER_KEY = text('cosign/other-cosign.pub');
const TAMPERED_BLOB = Buffer.concat([BLOB, Buffer.from('!')]);

const keyed = (artifact: Uint8Array, sig: string, key = KEY): CheckResult => runCheck('key', () => verifyWithKey(artifact, sig, key));

/** Flips one bit of a base64 field, keeping it valid base64 of the same length. */
function flipBase64(b64: string, byteIndex: number): string {
  const bytes = Buffer.from(b64, 'base64');
  const i = byteIndex < 0 ? bytes.length + byteIndex : byteIndex;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  return bytes.toString('base64');
}

function editJson(rel: string, edit: (j: Json) => void): string {
  const json = JSON.parse(text(rel)) as Json;
  edit(json);
  return JSON.stringify(json);
}

describe('key-based cosign signatures', () => {
  const formats = {
    'Sigstore bundle v0.3': 'cosign/blob.txt.sigstore.json',
    'legacy cosign bundle': 'cosign/blob.txt.legacy.bundle',
    'bare signature': 'cosign/blob.txt.sig',
    'DSSE attestation (SBOM)': 'cosign/blob.txt.sbom-attestation.sigstore.json',
  };

  for (const [name, file] of Object.entries(formats)) {
    it(`passes the genuine ${name}`, () => {
      expect(keyed(BLOB, text(file))).toMatchObject({ outcome: 'passed', code: 'VERIFY_OK' });
    });
    it(`fails the ${name} with the wrong key`, () => {
      expect(keyed(BLOB, text(file), OTHER_KEY)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_SIGNATURE' });
    });
  }

  it('fails a tampered artifact: digest mismatch for the bundle, signature for legacy/bare, subject for the attestation', () => {
    expect(keyed(TAMPERED_BLOB, text(formats['Sigstore bundle v0.3'])).code).toBe('VERIFY_ERR_ARTIFACT_DIGEST');
    expect(keyed(TAMPERED_BLOB, text(formats['legacy cosign bundle'])).code).toBe('VERIFY_ERR_SIGNATURE');
    expect(keyed(TAMPERED_BLOB, text(formats['bare signature'])).code).toBe('VERIFY_ERR_SIGNATURE');
    expect(keyed(TAMPERED_BLOB, text(formats['DSSE attestation (SBOM)'])).code).toBe('VERIFY_ERR_SUBJECT_DIGEST');
  });

  it('fails a tampered signature in each format', () => {
    const bundle = editJson(formats['Sigstore bundle v0.3'], (j) => {
      j.messageSignature.signature = flipBase64(j.messageSignature.signature, -3);
    });
    expect(keyed(BLOB, bundle).code).toBe('VERIFY_ERR_SIGNATURE');
    const legacy = editJson(formats['legacy cosign bundle'], (j) => {
      j.base64Signature = flipBase64(j.base64Signature, -3);
    });
    expect(keyed(BLOB, legacy).code).toBe('VERIFY_ERR_SIGNATURE');
    expect(keyed(BLOB, flipBase64(text(formats['bare signature']).trim(), -3)).code).toBe('VERIFY_ERR_SIGNATURE');
  });

  it('fails a bundle whose declared digest was swapped for the tampered artifact', () => {
    const bundle = editJson(formats['Sigstore bundle v0.3'], (j) => {
      j.messageSignature.messageDigest.digest = createHash('sha256').update(TAMPERED_BLOB).digest('base64');
    });
    expect(keyed(TAMPERED_BLOB, bundle).code).toBe('VERIFY_ERR_SIGNATURE');
  });

  it('fails a tampered attestation payload', () => {
    const att = editJson(formats['DSSE attestation (SBOM)'], (j) => {
      const st = JSON.parse(Buffer.from(j.dsseEnvelope.payload, 'base64').toString('utf8'));
      st.predicate.version = 2;
      j.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    });
    expect(keyed(BLOB, att).code).toBe('VERIFY_ERR_SIGNATURE');
  });

  it('rejects garbage as a format error and a private or garbage key as a key error', () => {
    expect(keyed(BLOB, '{"hello":1}').code).toBe('VERIFY_ERR_FORMAT');
    expect(keyed(BLOB, 'not base64 !!').code).toBe('VERIFY_ERR_FORMAT');
    expect(keyed(BLOB, text(formats['bare signature']), 'not a key').code).toBe('VERIFY_ERR_KEY');
  });

  it('refuses a keyless bundle given with --key', () => {
    const r = keyed(read('npm-provenance/sigstore-2.0.0.tgz'), text('npm-provenance/sigstore.js@2.0.0-provenance.sigstore.json'));
    expect(r).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_KEY' });
  });
});

describe('keyless Sigstore bundles (offline, public-good trusted root)', () => {
  const TGZ = read('npm-provenance/sigstore-2.0.0.tgz');
  const BUNDLE = 'npm-provenance/sigstore.js@2.0.0-provenance.sigstore.json';
  const POLICY = { identity: 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main', issuer: GITHUB_ACTIONS_ISSUER };
  const keyless = (bundle: string, policy: typeof POLICY | null = POLICY, artifact: Uint8Array = TGZ) => runCheck('keyless', () => verifyKeyless(artifact, bundle, policy ?? undefined));

  it('passes the genuine npm provenance bundle with the exact identity', () => {
    expect(keyless(text(BUNDLE))).toMatchObject({ outcome: 'passed', code: 'VERIFY_OK' });
  });

  it('treats identities as exact strings, never patterns', () => {
    expect(keyless(text(BUNDLE), { ...POLICY, identity: 'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml' }).code).toBe('VERIFY_ERR_IDENTITY');
    expect(keyless(text(BUNDLE), { ...POLICY, identity: '.*' }).code).toBe('VERIFY_ERR_IDENTITY');
    expect(keyless(text(BUNDLE), { ...POLICY, issuer: 'https://accounts.google.com' }).code).toBe('VERIFY_ERR_IDENTITY');
  });

  it('does not pass key-based formats given without --key', () => {
    expect(keyless(text('cosign/blob.txt.sig'), POLICY, BLOB)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_INPUT' });
    expect(keyless(text('cosign/blob.txt.legacy.bundle'), POLICY, BLOB)).toMatchObject({ outcome: 'unverifiable', code: 'VERIFY_ERR_FORMAT' });
    expect(keyless(text('cosign/blob.txt.sigstore.json'), POLICY, BLOB)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_KEY' });
  });

  it('reports a legacy keyless cosign bundle given with --key as unverifiable', () => {
    const legacy = JSON.stringify({ base64Signature: JSON.parse(text('cosign/blob.txt.legacy.bundle')).base64Signature, cert: 'LS0tLS1CRUdJTi...' });
    expect(keyed(BLOB, legacy)).toMatchObject({ outcome: 'unverifiable', code: 'VERIFY_ERR_FORMAT' });
  });

  it('refuses to pass a keyless bundle without an identity policy', () => {
    expect(keyless(text(BUNDLE), null)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_POLICY_MISSING' });
  });

  it('fails a tampered artifact (subject digest)', () => {
    expect(keyless(text(BUNDLE), POLICY, Buffer.concat([TGZ, Buffer.from([0])])).code).toBe('VERIFY_ERR_SUBJECT_DIGEST');
  });

  it('fails a tampered DSSE signature', () => {
    const b = editJson(BUNDLE, (j) => {
      j.dsseEnvelope.signatures[0].sig = flipBase64(j.dsseEnvelope.signatures[0].sig, -3);
    });
    // The Rekor entry records the signature, so the log body check catches the change first.
    expect(keyless(b)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_TLOG_BODY', reason: expect.stringMatching(/signature mismatch/) });
  });

  it('fails a tampered payload (the Rekor entry no longer matches it)', () => {
    const b = editJson(BUNDLE, (j) => {
      j.dsseEnvelope.payload = Buffer.from(Buffer.from(j.dsseEnvelope.payload, 'base64').toString('utf8').replace('sigstore-js', 'sigstore-jz')).toString('base64');
    });
    expect(keyless(b).code).toBe('VERIFY_ERR_TLOG_BODY');
  });

  it('fails a tampered certificate (chain to Fulcio broken)', () => {
    const b = editJson(BUNDLE, (j) => {
      const certs = j.verificationMaterial.x509CertificateChain.certificates;
      certs[0].rawBytes = flipBase64(certs[0].rawBytes, -5);
    });
    expect(keyless(b).code).toBe('VERIFY_ERR_CERTIFICATE');
  });

  it('fails a tampered inclusion proof and a tampered SET', () => {
    const proof = editJson(BUNDLE, (j) => {
      const p = j.verificationMaterial.tlogEntries[0].inclusionProof;
      p.hashes[0] = flipBase64(p.hashes[0], 0);
    });
    expect(keyless(proof).code).toBe('VERIFY_ERR_TLOG_PROOF');
    const set = editJson(BUNDLE, (j) => {
      const e = j.verificationMaterial.tlogEntries[0].inclusionPromise;
      e.signedEntryTimestamp = flipBase64(e.signedEntryTimestamp, -3);
    });
    expect(keyless(set).code).toBe('VERIFY_ERR_TLOG_SET');
  });

  it('fails a bundle whose transparency-log entries were stripped', () => {
    const b = editJson(BUNDLE, (j) => {
      j.verificationMaterial.tlogEntries = [];
    });
    // Without a log entry there is no trusted time to check the short-lived certificate against.
    expect(keyless(b)).toMatchObject({ outcome: 'failed', code: 'VERIFY_ERR_TIMESTAMP' });
  });
});
