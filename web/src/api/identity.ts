// SPDX-License-Identifier: MIT
// Backup and restore of the node's delivery identity (server/http/routes/identity.routes.ts).
import type { HttpClient } from './http.js';
import { record, str } from './parse.js';

export interface IdentityInfo {
  identityHash: string;
  deliveryHash: string;
  /** The private key file as base32: a secret, shown only on request. */
  base32: string;
}

export interface IdentityImportResult {
  identityHash: string;
  deliveryHash: string;
  restartRequired: boolean;
}

export const IDENTITY_FILE_URL = '/api/v1/identity/file';

export function createIdentityApi(http: HttpClient) {
  return {
    async get(): Promise<IdentityInfo> {
      const o = record(await http.get('/api/v1/identity'), 'identity');
      return { identityHash: str(o, 'identityHash', 'identity'), deliveryHash: str(o, 'deliveryHash', 'identity'), base32: str(o, 'base32', 'identity') };
    },
    async import(base32: string): Promise<IdentityImportResult> {
      const o = record(await http.send('POST', '/api/v1/identity/import', { base32 }), 'identity');
      return { identityHash: str(o, 'identityHash', 'identity'), deliveryHash: str(o, 'deliveryHash', 'identity'), restartRequired: o['restartRequired'] === true };
    },
    fileUrl: IDENTITY_FILE_URL,
  };
}
