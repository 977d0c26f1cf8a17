// SPDX-License-Identifier: MIT
// `strand verify` without the printing: runs every check the caller asked for, offline, and
// returns one result per check. The caller exits 0 only when every result passed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CheckFailure, runCheck } from './checks.js';
import type { CheckResult } from './checks.js';
import { verifyProvenance } from './provenance.js';
import { digestArtifact, GITHUB_ACTIONS_ISSUER, verifyKeyless, verifyWithKey } from './signatures.js';

export interface ReleaseVerifyOptions {
  /** The file being verified. */
  artifact: string;
  /** A signature: Sigstore bundle, legacy cosign bundle or bare signature (with `key`). */
  bundle?: string;
  /** cosign.pub (PEM). With it, `bundle` is verified key-based; without it, keyless. */
  key?: string;
  /** SLSA provenance (`.intoto.jsonl`, npm provenance bundle or npm attestations document). */
  provenance?: string;
  /** `github.com/OWNER/REPO`, required with `provenance`. */
  sourceUri?: string;
  sourceTag?: string;
  /** A SHA256SUMS file listing the artifact by its base name. */
  sha256sums?: string;
  /** Exact certificate identity (SAN) a keyless bundle must carry, and its exact OIDC issuer. */
  certificateIdentity?: string;
  certificateIssuer?: string;
}

function read(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CheckFailure('VERIFY_ERR_INPUT', `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/** Checks `artifact` against a SHA256SUMS file (`<hex>  <name>` or `<hex> *<name>` lines). */
export function checkSha256Sums(artifactName: string, artifactSha256: string, sumsText: string): string {
  for (const line of sumsText.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trim());
    if (!m || m[2] !== artifactName) continue;
    if (m[1]?.toLowerCase() !== artifactSha256) throw new CheckFailure('VERIFY_ERR_SHA256SUMS', `SHA256SUMS lists ${m[1]} for ${artifactName}, the file's sha256 is ${artifactSha256}`);
    return `${artifactName} sha256 ${artifactSha256} matches SHA256SUMS`;
  }
  throw new CheckFailure('VERIFY_ERR_SHA256SUMS', `${artifactName} is not listed in the SHA256SUMS file`);
}

/** Runs every requested check. An empty array means nothing was requested. */
export function verifyRelease(options: ReleaseVerifyOptions): CheckResult[] {
  let artifact: Buffer;
  try {
    artifact = read(options.artifact, 'the artifact');
  } catch (error) {
    return [runCheck('artifact', () => {
      throw error;
    })];
  }
  const results: CheckResult[] = [];
  const name = path.basename(options.artifact);
  if (options.sha256sums !== undefined) {
    const sums = options.sha256sums;
    results.push(runCheck('SHA256SUMS', () => checkSha256Sums(name, digestArtifact(artifact).sha256, read(sums, 'SHA256SUMS').toString('utf8'))));
  }
  if (options.key !== undefined && options.bundle === undefined) {
    results.push({ check: 'cosign signature', outcome: 'failed', code: 'VERIFY_ERR_INPUT', reason: '--key needs --bundle (the signature, bundle or .sig file)' });
  }
  if (options.bundle !== undefined) {
    const bundleFile = options.bundle;
    if (options.key !== undefined) {
      const keyFile = options.key;
      results.push(runCheck('cosign signature (key-based)', () => verifyWithKey(artifact, read(bundleFile, 'the bundle').toString('utf8'), read(keyFile, 'the key').toString('utf8'))));
    } else {
      const policy = options.certificateIdentity === undefined ? undefined : { identity: options.certificateIdentity, issuer: options.certificateIssuer ?? GITHUB_ACTIONS_ISSUER };
      results.push(runCheck('Sigstore signature (keyless)', () => verifyKeyless(artifact, read(bundleFile, 'the bundle').toString('utf8'), policy)));
    }
  }
  if (options.provenance !== undefined) {
    const provFile = options.provenance;
    if (options.sourceUri === undefined) {
      results.push({ check: 'SLSA provenance', outcome: 'failed', code: 'VERIFY_ERR_POLICY_MISSING', reason: '--provenance needs --source-uri github.com/OWNER/REPO (the repository the release must come from)' });
    } else {
      let text: string | undefined;
      const readResult = runCheck('SLSA provenance', () => {
        text = read(provFile, 'the provenance').toString('utf8');
        return 'read';
      });
      if (text === undefined) results.push(readResult);
      else results.push(...verifyProvenance(artifact, text, { sourceUri: options.sourceUri, ...(options.sourceTag !== undefined ? { sourceTag: options.sourceTag } : {}) }));
    }
  } else if (options.sourceTag !== undefined || options.sourceUri !== undefined) {
    results.push({ check: 'SLSA provenance', outcome: 'failed', code: 'VERIFY_ERR_INPUT', reason: '--source-uri/--source-tag apply to --provenance, which was not given' });
  }
  return results;
}
