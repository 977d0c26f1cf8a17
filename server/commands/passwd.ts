// SPDX-License-Identifier: MIT
// `strand passwd`: sets the owner password from the command line (instead of the setup token) and
// logs out every session. Works while the node runs: sessions are checked against the database.
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuthService, DEFAULT_LOCKOUT } from '../app/auth.service.js';
import { EventBus } from '../app/events.js';
import { ARGON2_PRODUCTION } from '../app/password.js';
import type { Argon2Params } from '../app/password.js';
import { removeSetupToken } from '../app/setup-token.js';
import { resolveServeConfig } from '../config/serve-config.js';
import { ConfigError } from '../config/errors.js';
import { changePasswordRequest } from '../http/contract/index.js';
import { DB_FILE_NAME, openDatabase } from '../storage/db.js';
import { AuthRepository } from '../storage/repositories/auth.repository.js';
import { LogsRepository } from '../storage/repositories/logs.repository.js';
import type { Command } from './command.js';

/** Sets the password of the node in `dataDir`, revokes every session, and records the event. */
export async function setPasswordInDataDir(dataDir: string, password: string, argon2: Argon2Params = ARGON2_PRODUCTION): Promise<void> {
  const check = changePasswordRequest.shape.newPassword.safeParse(password);
  if (!check.success) throw new ConfigError(`invalid password: ${check.error.issues[0]?.message ?? 'rejected'}`);
  const db = openDatabase(path.join(dataDir, DB_FILE_NAME));
  try {
    const logs = new LogsRepository(db);
    const auth = new AuthService(
      {
        repo: new AuthRepository(db), events: new EventBus(), clock: Date.now,
        onAuthEvent: () => undefined,
      },
      { argon2, lockout: DEFAULT_LOCKOUT, sessionIdleMs: 1, sessionAbsoluteMs: 1 },
    );
    await auth.setPasswordOffline(password);
    logs.addAccess({ at: Date.now(), kind: 'auth', clientIp: 'cli', event: 'password-change', outcome: 'ok', userAgent: 'strand passwd' });
    removeSetupToken(dataDir);
  } finally {
    db.close();
  }
}

/** Reads lines from stdin; on a terminal the typed characters are not echoed. */
async function readPasswords(count: number): Promise<string[]> {
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stderr : undefined, terminal: tty });
  if (tty) {
    // Echo nothing but the prompt: the password must not appear on screen or in scrollback.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = (s: string) => {
      if (s.startsWith('New password') || s.startsWith('Repeat')) process.stderr.write(s);
    };
  }
  const answers: string[] = [];
  const it = rl[Symbol.asyncIterator]();
  const prompts = ['New password: ', 'Repeat password: '];
  for (let i = 0; i < count; i++) {
    if (tty) {
      rl.setPrompt(prompts[i] ?? '');
      rl.prompt();
    }
    const next = await it.next();
    if (next.done) break;
    answers.push(String(next.value));
    if (tty) process.stderr.write('\n');
  }
  rl.close();
  return answers;
}

export const passwdCommand: Command = {
  summary: 'set the web interface password (logs out every session)',
  usage: `Usage: strand passwd [--data-dir DIR]

Sets the password of the node's owner account and logs out every session. On a terminal the
password is asked twice without echo; otherwise the first line of standard input is used.

Options:
  --data-dir DIR    the node's data directory (env STRAND_DATA_DIR, default ./data)
  -h, --help        show this help`,
  async run(args) {
    const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      console.log(this.usage);
      return 0;
    }
    const { dataDir } = resolveServeConfig({ dataDir: values['data-dir'] }, process.env, process.cwd());
    const tty = process.stdin.isTTY === true;
    const [password, repeat] = await readPasswords(tty ? 2 : 1);
    if (password === undefined) throw new ConfigError('no password given on standard input');
    if (tty && password !== repeat) throw new ConfigError('the two passwords differ');
    await setPasswordInDataDir(dataDir, password);
    console.log(`password set for the node in ${dataDir}; every session was logged out`);
    return 0;
  },
};
