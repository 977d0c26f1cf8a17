// SPDX-License-Identifier: MIT
// /api/v1/integrity: the backend manifest check and the data-at-rest check (re-exported by index.ts).
import * as z from 'zod';
import type { IntegritySummary } from './index.js';

/** The acknowledgement carries no data: the body must be `{}`. */
export const acknowledgeIntegrityRequest = z.strictObject({});

export type DataAtRestWarningCode =
  | 'DAR_UNCLEAN_SHUTDOWN'
  | 'DAR_STATE_INVALID'
  | 'DAR_IDENTITY_REPLACED'
  | 'DAR_IDENTITY_MISSING'
  | 'DAR_IDENTITY_ADDED'
  | 'DAR_CONFIG_CHANGED'
  | 'DAR_CONFIG_MISSING'
  | 'DAR_DB_SCHEMA_CHANGED'
  | 'DAR_DB_VERSION_CHANGED'
  | 'DAR_DB_SHRUNK'
  | 'DAR_DB_ROWS_DECREASED'
  | 'DAR_DB_INTEGRITY_FAILED';

export interface DataAtRestWarningInfo {
  code: DataAtRestWarningCode;
  /** A data-dir-relative file path or a database aspect. */
  subject: string;
  message: string;
  expected?: string;
  actual?: string;
}

export interface DataAtRestInfo {
  status: 'clean' | 'changed' | 'first-run';
  warnings: DataAtRestWarningInfo[];
  /** False while there are warnings the owner has not acknowledged. */
  acknowledged: boolean;
  acknowledgedAt: number | null;
  /** When the baseline compared against was recorded (ISO), null on a first run. */
  recordedAt: string | null;
}

export interface IntegrityResponse {
  /** The backend manifest check at startup; null when none ran. */
  backend: IntegritySummary | null;
  dataAtRest: DataAtRestInfo | null;
}
