// SPDX-License-Identifier: MIT
// Startup integrity checks (server/http/routes/integrity.routes.ts): the data-at-rest warnings and
// their acknowledgement.
import { ResponseShapeError } from './errors.js';
import type { HttpClient } from './http.js';
import { bool, isRecord, list, optStr, record, str } from './parse.js';
import type { Json } from './parse.js';

/** Mirrors DataAtRestWarningInfo in server/http/contract/integrity.ts (codes `DAR_*`). */
export interface DataAtRestWarning {
  code: string;
  subject: string;
  message: string;
  expected?: string;
  actual?: string;
}

/** Mirrors DataAtRestInfo in server/http/contract/integrity.ts. */
export interface DataAtRest {
  status: 'clean' | 'changed' | 'first-run';
  warnings: DataAtRestWarning[];
  acknowledged: boolean;
  acknowledgedAt: number | null;
  recordedAt: string | null;
}

const STATUSES: readonly DataAtRest['status'][] = ['clean', 'changed', 'first-run'];

function warning(v: unknown): DataAtRestWarning {
  const o = record(v, 'dataAtRest.warning');
  const w: DataAtRestWarning = { code: str(o, 'code', 'dataAtRest.warning'), subject: str(o, 'subject', 'dataAtRest.warning'), message: str(o, 'message', 'dataAtRest.warning') };
  const expected = optStr(o, 'expected');
  const actual = optStr(o, 'actual');
  if (expected !== null) w.expected = expected;
  if (actual !== null) w.actual = actual;
  return w;
}

/** The data-at-rest part of GET /api/v1/integrity; null when the node did not run the check. */
function dataAtRest(body: unknown): DataAtRest | null {
  const d = record(body, 'integrity')['dataAtRest'];
  if (d === null || d === undefined) return null;
  const o: Json = record(d, 'integrity.dataAtRest');
  const status = str(o, 'status', 'integrity.dataAtRest') as DataAtRest['status'];
  if (!STATUSES.includes(status)) throw new ResponseShapeError(`integrity.dataAtRest.status: unknown ${status}`);
  return {
    status,
    warnings: list(o['warnings'], 'warnings', 'integrity.dataAtRest.warnings').map(warning),
    acknowledged: bool(o, 'acknowledged', 'integrity.dataAtRest'),
    acknowledgedAt: typeof o['acknowledgedAt'] === 'number' ? o['acknowledgedAt'] : null,
    recordedAt: optStr(o, 'recordedAt'),
  };
}

/** One shipped supply-chain file (server: integrity/supply-chain.ts), summarised, not verified. */
export type Shipped<T> = { status: 'present'; summary: T } | { status: 'absent' } | { status: 'unreadable'; file: string; reason: string };

export interface SbomInfo {
  file: string;
  sha256: string;
  specVersion: string;
  serialNumber: string | null;
  componentCount: number;
  subject: { name: string; version: string | null } | null;
}

export interface ProvenanceInfo {
  file: string;
  sha256: string;
  predicateType: string;
  builderId: string | null;
  source: { uri: string | null; commit: string | null };
  subjects: { name: string; sha256: string | null }[];
}

export interface SupplyChain {
  sbom: Shipped<SbomInfo>;
  provenance: Shipped<ProvenanceInfo>;
}

function shipped<T>(v: unknown, what: string): Shipped<T> {
  const o = record(v, what);
  const status = str(o, 'status', what);
  if (status === 'absent') return { status };
  if (status === 'unreadable') return { status, file: str(o, 'file', what), reason: str(o, 'reason', what) };
  if (status === 'present') return { status, summary: record(o['summary'], `${what}.summary`) as unknown as T };
  throw new ResponseShapeError(`${what}.status: unknown ${status}`);
}

export function createIntegrityApi(http: HttpClient) {
  return {
    async dataAtRest(): Promise<DataAtRest | null> {
      return dataAtRest(await http.get('/api/v1/integrity'));
    },
    async supplyChain(): Promise<SupplyChain> {
      const o = record(await http.get('/api/v1/integrity/supply-chain'), 'supplyChain');
      return { sbom: shipped<SbomInfo>(o['sbom'], 'supplyChain.sbom'), provenance: shipped<ProvenanceInfo>(o['provenance'], 'supplyChain.provenance') };
    },
    async acknowledge(): Promise<DataAtRest | null> {
      const body = await http.send('POST', '/api/v1/integrity/acknowledge', {});
      return isRecord(body) ? dataAtRest(body) : null;
    },
  };
}
