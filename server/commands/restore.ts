// SPDX-License-Identifier: MIT
// `strand restore`: lists backups, or replaces the database with one (the node must be stopped).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveServeConfig } from '../config/serve-config.js';
import { ConfigError } from '../config/errors.js';
import { nodeRunningIn } from '../main.js';
import { listBackups, restoreBackup } from '../storage/backup.js';
import { DB_FILE_NAME } from '../storage/db.js';
import { StorageError } from '../storage/errors.js';
import type { Command } from './command.js';

export const restoreCommand: Command = {
  summary: 'restore the database from a backup (node stopped)',
  usage: `Usage: strand restore [--data-dir DIR] (--list | BACKUP)

Replaces the node's database with BACKUP (a file from DIR/backups, or a path). The current
database is kept next to it as strand.sqlite.before-restore-<time>. Stop the node first.

Options:
  --data-dir DIR    the node's data directory (env STRAND_DATA_DIR, default ./data)
  --list            list the backups in DIR/backups, newest first
  -h, --help        show this help`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { 'data-dir': { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(this.usage);
      return 0;
    }
    const { dataDir } = resolveServeConfig({ dataDir: values['data-dir'] }, process.env, process.cwd());
    const backupsDir = path.join(dataDir, 'backups');
    if (values.list) {
      for (const b of listBackups(backupsDir)) console.log(`${b.name}  ${(b.sizeBytes / 1024).toFixed(0)} KiB`);
      return 0;
    }
    const [given, extra] = positionals;
    if (!given || extra !== undefined) throw new ConfigError('give exactly one backup file (or --list)');
    const pid = nodeRunningIn(dataDir);
    if (pid !== null) {
      console.error(`strand restore: a node (pid ${pid}) is running with ${dataDir}; stop it first`);
      return 1;
    }
    const file = given.includes('/') || given.includes(path.sep) ? path.resolve(given) : path.join(backupsDir, given);
    try {
      const kept = restoreBackup(file, path.join(dataDir, DB_FILE_NAME));
      console.log(`restored ${file}${kept ? `; the previous database is kept as ${kept}` : ''}`);
      return 0;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      console.error(`strand restore: ${error.message}`);
      return 1;
    }
  },
};
