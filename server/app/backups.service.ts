// SPDX-License-Identifier: MIT
// Scheduled and on-demand online backups into <data dir>/backups, with retention.
import type { Db } from '../storage/db.js';
import type { BackupInfo } from '../storage/backup.js';
import { createBackup, listBackups } from '../storage/backup.js';
import { AppError } from './errors.js';

export interface BackupSchedule {
  /** 0 disables scheduled backups. */
  intervalMs: number;
  /** Delay of the first scheduled backup after start. */
  firstDelayMs: number;
  keep: () => number;
}

export class BackupsService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupInfo> | null = null;

  constructor(
    private readonly db: Db,
    readonly dir: string,
    private readonly schedule: BackupSchedule,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.schedule.intervalMs <= 0 || this.timer) return;
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        this.backupNow().catch((e: Error) => this.onError(e)).finally(() => tick(this.schedule.intervalMs));
      }, delay);
      this.timer.unref();
    };
    tick(this.schedule.firstDelayMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined); // its error was reported by whoever awaited it
  }

  /** One backup at a time; a request while one runs waits for it and gets its result. */
  backupNow(): Promise<BackupInfo> {
    this.running ??= createBackup(this.db, this.dir, this.schedule.keep())
      .catch((e: Error) => {
        throw new AppError('unavailable', 'BACKUP_FAILED', e.message, undefined, { cause: e });
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  list(): BackupInfo[] {
    return listBackups(this.dir);
  }
}
