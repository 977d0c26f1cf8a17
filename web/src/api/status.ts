// SPDX-License-Identifier: MIT
// GET /api/v1/status: what the node is and whether this browser is signed in.
import type { HttpClient } from './http.js';
import { bool, isRecord, optStr, record, str } from './parse.js';

/** Integrity of the running backend as the server reports it; free-form beyond `state`. */
export interface IntegrityInfo {
  /** e.g. 'verified', 'failed', 'unverified' (development build); null when not reported. */
  state: string | null;
  details: Record<string, unknown>;
}

export interface NodeStatus {
  name: string;
  version: string;
  commit: string | null;
  setupRequired: boolean;
  authenticated: boolean;
  integrity: IntegrityInfo;
  reticulum: Record<string, unknown>;
}

function integrityOf(v: unknown): IntegrityInfo {
  if (typeof v === 'string') return { state: v, details: {} };
  if (!isRecord(v)) return { state: null, details: {} };
  const state = optStr(v, 'state') ?? optStr(v, 'status') ?? (typeof v['ok'] === 'boolean' ? (v['ok'] ? 'verified' : 'failed') : null);
  return { state, details: v };
}

export function parseStatus(v: unknown): NodeStatus {
  const o = record(v, 'status');
  return {
    name: str(o, 'name', 'status'),
    version: str(o, 'version', 'status'),
    commit: optStr(o, 'commit'),
    setupRequired: bool(o, 'setupRequired', 'status'),
    authenticated: bool(o, 'authenticated', 'status'),
    integrity: integrityOf(o['integrity']),
    reticulum: isRecord(o['reticulum']) ? o['reticulum'] : {},
  };
}

export function createStatusApi(http: HttpClient) {
  return {
    /** Never throws ApiError for a signed-out browser: the status endpoint is public. */
    async get(signal?: AbortSignal): Promise<NodeStatus> {
      return parseStatus(await http.get('/api/v1/status', signal));
    },
  };
}

export type StatusApi = ReturnType<typeof createStatusApi>;
