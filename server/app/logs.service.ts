// SPDX-License-Identifier: MIT
// The access log: every request and auth event, kept in SQLite (capped) and echoed to stdout.
import type { AccessEntry, AccessQuery, AccessRow, DebugQuery, DebugRow, LogsRepository } from '../storage/repositories/logs.repository.js';
import type { AuthEvent } from './auth.service.js';

export interface LogLine {
  (line: string): void;
}

/** Request rows are written in batches: one fsync per batch instead of one per request. */
const FLUSH_DELAY_MS = 500;
const FLUSH_MAX_ROWS = 200;

export class LogsService {
  private pending: AccessEntry[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: LogsRepository,
    private readonly stdout: LogLine,
    private readonly clock: () => number,
  ) {}

  /** Writes buffered request rows now (also before every query and at shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.pending;
    this.pending = [];
    if (rows.length > 0) this.repo.addAccessBatch(rows);
  }

  request(entry: Omit<AccessEntry, 'kind' | 'at'>): void {
    const e: AccessEntry = { ...entry, kind: 'request', at: this.clock() };
    this.pending.push(e);
    if (this.pending.length >= FLUSH_MAX_ROWS) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
    this.stdout(`access ${e.clientIp} ${e.method} ${e.path} ${e.status} ${e.durationMs?.toFixed(1)}ms session=${e.session ?? '-'}`);
  }

  /** Auth events are written at once: they are the evidence of an attack in progress. */
  auth(event: AuthEvent, sessionTag: string | null): void {
    this.flush();
    this.repo.addAccess({
      kind: 'auth', at: this.clock(), clientIp: event.client.ip, userAgent: event.client.userAgent,
      event: event.event, outcome: event.outcome, session: sessionTag,
    });
    this.stdout(`auth ${event.event} ${event.outcome} from ${event.client.ip} session=${sessionTag ?? '-'}`);
  }

  access(q: AccessQuery): AccessRow[] {
    this.flush();
    return this.repo.queryAccess(q);
  }

  debug(q: DebugQuery): DebugRow[] {
    return this.repo.queryDebug(q);
  }
}
