// SPDX-License-Identifier: MIT
// The access log (requests and auth events) and the debug log, each capped to a number of rows so
// a flood of requests cannot fill the disk.
import type { Db } from '../db.js';

export type AccessKind = 'request' | 'auth';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface AccessEntry {
  at: number;
  kind: AccessKind;
  clientIp: string;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  durationMs?: number | null;
  userAgent?: string | null;
  session?: string | null;
  event?: string | null;
  outcome?: string | null;
}

export interface AccessRow extends Required<AccessEntry> {
  id: number;
}

export interface DebugEntry {
  at: number;
  level: LogLevel;
  namespace: string;
  message: string;
}

export interface DebugRow extends DebugEntry {
  id: number;
}

export interface AccessQuery {
  kind?: AccessKind | undefined;
  /** Substring of path, event, client address or user agent. */
  text?: string | undefined;
  outcome?: string | undefined;
  /** Rows with an id strictly below this (paging newest first). */
  beforeId?: number | undefined;
  limit: number;
}

export interface DebugQuery {
  level?: LogLevel | undefined;
  text?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** How many inserts happen between two trims; trimming on every insert would double the writes. */
const TRIM_EVERY = 500;

export class LogsRepository {
  private readonly stmts;
  private accessInserts = 0;
  private debugInserts = 0;

  constructor(
    private readonly db: Db,
    private readonly caps: { accessRows: number; debugRows: number } = { accessRows: 100_000, debugRows: 50_000 },
  ) {
    this.stmts = {
      insertAccess: db.prepare(`INSERT INTO access_log (at, kind, client_ip, method, path, status, duration_ms, user_agent, session, event, outcome)
        VALUES (@at, @kind, @clientIp, @method, @path, @status, @durationMs, @userAgent, @session, @event, @outcome)`),
      trimAccess: db.prepare('DELETE FROM access_log WHERE id <= (SELECT max(id) FROM access_log) - ?'),
      queryAccess: db.prepare(`SELECT id, at, kind, client_ip AS clientIp, method, path, status, duration_ms AS durationMs,
          user_agent AS userAgent, session, event, outcome FROM access_log
        WHERE (@kind IS NULL OR kind = @kind) AND (@outcome IS NULL OR outcome = @outcome) AND id < @beforeId
          AND (@text IS NULL OR instr(coalesce(path, '') || ' ' || coalesce(event, '') || ' ' || client_ip || ' ' || coalesce(user_agent, ''), @text) > 0)
        ORDER BY id DESC LIMIT @limit`),
      insertDebug: db.prepare('INSERT INTO debug_log (at, level, namespace, message) VALUES (@at, @level, @namespace, @message)'),
      trimDebug: db.prepare('DELETE FROM debug_log WHERE id <= (SELECT max(id) FROM debug_log) - ?'),
      queryDebug: db.prepare(`SELECT id, at, level, namespace, message FROM debug_log
        WHERE (@level IS NULL OR level = @level) AND id < @beforeId
          AND (@text IS NULL OR instr(namespace || ' ' || message, @text) > 0)
        ORDER BY id DESC LIMIT @limit`),
      countAccess: db.prepare('SELECT count(*) AS n FROM access_log'),
    };
  }

  addAccess(entry: AccessEntry): void {
    this.stmts.insertAccess.run({
      method: null, path: null, status: null, durationMs: null, userAgent: null, session: null, event: null, outcome: null,
      ...entry,
    });
    if (++this.accessInserts % TRIM_EVERY === 0) this.trim();
  }

  /** Several rows in one transaction (one commit, one fsync). */
  addAccessBatch(entries: readonly AccessEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.addAccess(e);
    })();
  }

  addDebug(entry: DebugEntry): void {
    this.stmts.insertDebug.run(entry);
    if (++this.debugInserts % TRIM_EVERY === 0) this.trim();
  }

  /** Deletes the oldest rows beyond the caps. */
  trim(): void {
    this.stmts.trimAccess.run(this.caps.accessRows);
    this.stmts.trimDebug.run(this.caps.debugRows);
  }

  queryAccess(q: AccessQuery): AccessRow[] {
    return this.stmts.queryAccess.all({
      kind: q.kind ?? null, outcome: q.outcome ?? null, text: q.text ?? null,
      beforeId: q.beforeId ?? Number.MAX_SAFE_INTEGER, limit: q.limit,
    }) as AccessRow[];
  }

  queryDebug(q: DebugQuery): DebugRow[] {
    return this.stmts.queryDebug.all({
      level: q.level ?? null, text: q.text ?? null, beforeId: q.beforeId ?? Number.MAX_SAFE_INTEGER, limit: q.limit,
    }) as DebugRow[];
  }

  accessCount(): number {
    return (this.stmts.countAccess.get() as { n: number }).n;
  }
}
