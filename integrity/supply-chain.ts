// SPDX-License-Identifier: MIT
// What a running backend can say about its own supply chain: the CycloneDX SBOM and the SLSA
// provenance shipped next to it (the release and Docker image put them there), summarised for the
// About screen. Reading is bounded and never throws: a missing file is "absent", a malformed one
// "unreadable" with the reason. This is a description, not a verification: the provenance covers
// the release archives, whose bytes a running node does not have; `strand verify` checks them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const SBOM_FILE_NAME = 'sbom.cyclonedx.json';
/** Both files are small in practice (our SBOM ≈ 200 KB, provenance ≈ 20 KB); larger is suspicious. */
export const SBOM_MAX_BYTES = 16 * 1024 * 1024;
export const PROVENANCE_MAX_BYTES = 4 * 1024 * 1024;

export interface SbomSummary {
  file: string;
  sha256: string;
  specVersion: string;
  serialNumber: string | null;
  componentCount: number;
  /** metadata.component: what the SBOM describes. */
  subject: { name: string; version: string | null } | null;
}

export interface ProvenanceSummary {
  file: string;
  sha256: string;
  predicateType: string;
  builderId: string | null;
  /** Where the build came from: repository URI (with ref) and commit. */
  source: { uri: string | null; commit: string | null };
  subjects: { name: string; sha256: string | null }[];
}

export type Found<T> = { status: 'present'; summary: T } | { status: 'absent' } | { status: 'unreadable'; file: string; reason: string };

export interface SupplyChainInfo {
  sbom: Found<SbomSummary>;
  provenance: Found<ProvenanceSummary>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function readBounded(file: string, max: number): Buffer {
  const size = statSync(file).size;
  if (size > max) throw new Error(`larger than ${max} bytes (${size})`);
  return readFileSync(file);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function summariseSbom(bytes: Uint8Array, file: string): SbomSummary {
  const doc: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
  if (!isObject(doc) || doc.bomFormat !== 'CycloneDX') throw new Error('not a CycloneDX document (bomFormat)');
  const specVersion = str(doc.specVersion);
  if (!specVersion) throw new Error('specVersion missing');
  const components = Array.isArray(doc.components) ? doc.components : [];
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const component = isObject(metadata.component) ? metadata.component : null;
  const name = component ? str(component.name) : null;
  return {
    file, sha256: sha256(bytes), specVersion, serialNumber: str(doc.serialNumber), componentCount: components.length,
    subject: name ? { name, version: component ? str(component.version) : null } : null,
  };
}

/** The in-toto statement inside a Sigstore bundle or a bare DSSE envelope. */
function statementOf(doc: unknown): Json {
  const envelope = isObject(doc) && isObject(doc.dsseEnvelope) ? doc.dsseEnvelope : doc;
  if (!isObject(envelope) || typeof envelope.payload !== 'string') throw new Error('no DSSE envelope with a payload');
  if (envelope.payloadType !== 'application/vnd.in-toto+json') throw new Error(`payload type ${String(envelope.payloadType)} is not in-toto`);
  const statement: unknown = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  if (!isObject(statement)) throw new Error('the in-toto statement is not an object');
  return statement;
}

export function summariseProvenance(bytes: Uint8Array, file: string): ProvenanceSummary {
  const firstLine = Buffer.from(bytes).toString('utf8').trim().split('\n')[0] ?? '';
  const statement = statementOf(JSON.parse(firstLine));
  const predicateType = str(statement.predicateType);
  if (!predicateType) throw new Error('predicateType missing');
  const predicate = isObject(statement.predicate) ? statement.predicate : {};
  // SLSA v0.2 keeps builder and config source at the top; v1 moved them under runDetails/buildDefinition.
  const builder = isObject(predicate.builder) ? predicate.builder : isObject(predicate.runDetails) && isObject(predicate.runDetails.builder) ? predicate.runDetails.builder : {};
  let uri: string | null = null;
  let commit: string | null = null;
  const invocation = isObject(predicate.invocation) ? predicate.invocation : {};
  if (isObject(invocation.configSource)) {
    uri = str(invocation.configSource.uri);
    commit = isObject(invocation.configSource.digest) ? str(invocation.configSource.digest.sha1) : null;
  } else if (isObject(predicate.buildDefinition) && Array.isArray(predicate.buildDefinition.resolvedDependencies)) {
    const dep: unknown = predicate.buildDefinition.resolvedDependencies[0];
    if (isObject(dep)) {
      uri = str(dep.uri);
      commit = isObject(dep.digest) ? str(dep.digest.gitCommit) ?? str(dep.digest.sha1) : null;
    }
  }
  const subjects = (Array.isArray(statement.subject) ? statement.subject : []).filter(isObject).slice(0, 100).map((s) => ({
    name: str(s.name) ?? '(unnamed)',
    sha256: isObject(s.digest) ? str(s.digest.sha256) : null,
  }));
  return { file, sha256: sha256(bytes), predicateType, builderId: str(builder.id), source: { uri, commit }, subjects };
}

function find<T>(root: string, pick: (names: string[]) => string | undefined, max: number, summarise: (b: Uint8Array, f: string) => T): Found<T> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (error) {
    // No such folder (a development run from source): nothing is shipped, so nothing is present.
    void error;
    return { status: 'absent' };
  }
  const name = pick(names);
  if (name === undefined) return { status: 'absent' };
  try {
    return { status: 'present', summary: summarise(readBounded(path.join(root, name), max), name) };
  } catch (error) {
    return { status: 'unreadable', file: name, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Looks for the SBOM and a `*.intoto.jsonl` provenance file directly in `root`. */
export function readSupplyChain(root: string): SupplyChainInfo {
  return {
    sbom: find(root, (n) => n.find((x) => x === SBOM_FILE_NAME), SBOM_MAX_BYTES, summariseSbom),
    provenance: find(root, (n) => n.filter((x) => x.endsWith('.intoto.jsonl')).sort()[0], PROVENANCE_MAX_BYTES, summariseProvenance),
  };
}
