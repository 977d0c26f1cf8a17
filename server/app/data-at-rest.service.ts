// SPDX-License-Identifier: MIT
// Data-at-rest monitoring of the node (integrity/data-at-rest.ts): checked at startup, marked
// running, recorded on a clean shutdown. Warnings stay until the owner acknowledges them: they are
// kept in the settings table, so a clean restart (which records a fresh baseline) cannot silently
// drop a warning nobody has seen.
import path from 'node:path';
import { checkDataAtRest, markDataAtRestRunning, recordDataAtRest } from '../../integrity/data-at-rest.js';
import type { DataAtRestInput, DataAtRestReport, DataAtRestWarning, DatabaseMetadata } from '../../integrity/index.js';
import { stackPaths } from '../reticulum/stack/files.js';
import { deliveryIdentityPath } from './delivery-identity.js';

export const DATA_AT_REST_STATE_FILE = 'integrity-state.json';
/** Settings key holding the warnings not yet acknowledged and the last acknowledgement. */
export const DATA_AT_REST_SETTING = 'integrity.dataAtRest';

export interface DataAtRestView {
  status: DataAtRestReport['status'];
  warnings: DataAtRestWarning[];
  /** True when there is nothing left for the owner to acknowledge. */
  acknowledged: boolean;
  acknowledgedAt: number | null;
  recordedAt: string | null;
}

export interface DataAtRestSettings {
  all(): Record<string, unknown>;
  setMany(values: Record<string, unknown>, now: number): void;
}

interface Stored {
  pending: DataAtRestWarning[];
  acknowledgedAt: number | null;
}

export interface DataAtRestComponents {
  dataDir: string;
  settings: DataAtRestSettings;
  databaseMetadata: () => DatabaseMetadata;
  /** The schema version this build migrates to: reaching it is an upgrade, not tampering. */
  schemaVersion: number;
  clock: () => number;
}

/** The files watched in a data directory: both identities and the Reticulum config. */
export function dataAtRestInput(dataDir: string, databaseMetadata?: () => DatabaseMetadata): DataAtRestInput {
  const rns = stackPaths(path.join(dataDir, 'reticulum'));
  return {
    stateFile: path.join(dataDir, DATA_AT_REST_STATE_FILE),
    identityFiles: [deliveryIdentityPath(dataDir), rns.transportIdentityFile],
    configFiles: [rns.configFile],
    ...(databaseMetadata ? { databaseMetadata } : {}),
  };
}

const sameWarning = (a: DataAtRestWarning, b: DataAtRestWarning): boolean =>
  a.code === b.code && a.subject === b.subject && a.expected === b.expected && a.actual === b.actual;

function isWarning(v: unknown): v is DataAtRestWarning {
  const w = v as Partial<DataAtRestWarning> | null;
  return typeof w === 'object' && w !== null && typeof w.code === 'string' && w.code.startsWith('DAR_') && typeof w.subject === 'string' && typeof w.message === 'string';
}

export class DataAtRestService {
  private readonly input: DataAtRestInput;
  private view: DataAtRestView | null = null;

  constructor(private readonly c: DataAtRestComponents) {
    this.input = dataAtRestInput(c.dataDir, c.databaseMetadata);
  }

  /** Startup: compare with the last clean shutdown, keep the result, mark the node running. */
  start(): DataAtRestView {
    const report = checkDataAtRest(this.input);
    // Opening the database migrates it first; moving user_version up to this build's version is
    // the upgrade itself (the schema changes with it), not a change made behind our back.
    const fresh = report.warnings.filter((w) => !(w.code === 'DAR_DB_VERSION_CHANGED' && Number(w.actual) === this.c.schemaVersion && Number(w.actual) > Number(w.expected)));
    const stored = this.stored();
    const warnings = [...stored.pending, ...fresh.filter((w) => !stored.pending.some((p) => sameWarning(p, w)))];
    if (fresh.length > 0) this.save({ pending: warnings, acknowledgedAt: stored.acknowledgedAt });
    const status = warnings.length > 0 ? 'changed' : report.status === 'changed' ? 'clean' : report.status;
    this.view = { status, warnings, acknowledged: warnings.length === 0, acknowledgedAt: stored.acknowledgedAt, recordedAt: report.recordedAt ?? null };
    markDataAtRestRunning(this.input, new Date(this.c.clock()));
    return this.view;
  }

  current(): DataAtRestView {
    if (!this.view) throw new Error('DataAtRestService.start() was not called');
    return this.view;
  }

  /** The owner has seen the warnings: they are no longer shown as pending (the list stays visible). */
  acknowledge(): DataAtRestView {
    const now = this.c.clock();
    this.save({ pending: [], acknowledgedAt: now });
    this.view = { ...this.current(), acknowledged: true, acknowledgedAt: now };
    return this.view;
  }

  /** Clean shutdown, after the database has been flushed and before it is closed. */
  record(): void {
    recordDataAtRest(this.input, new Date(this.c.clock()));
  }

  private stored(): Stored {
    const raw = this.c.settings.all()[DATA_AT_REST_SETTING] as Partial<Stored> | undefined;
    return {
      pending: Array.isArray(raw?.pending) ? raw.pending.filter(isWarning) : [],
      acknowledgedAt: typeof raw?.acknowledgedAt === 'number' ? raw.acknowledgedAt : null,
    };
  }

  private save(s: Stored): void {
    this.c.settings.setMany({ [DATA_AT_REST_SETTING]: s }, this.c.clock());
  }
}
