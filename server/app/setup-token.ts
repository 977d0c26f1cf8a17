// SPDX-License-Identifier: MIT
// The first-run setup token file: readable by the node's user only, deleted once setup is done.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SETUP_TOKEN_FILE = 'setup-token';

export function writeSetupToken(dataDir: string, token: string): string {
  const file = path.join(dataDir, SETUP_TOKEN_FILE);
  rmSync(file, { force: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600); // the umask can only remove bits; make the mode exact anyway
  return file;
}

export function removeSetupToken(dataDir: string): void {
  rmSync(path.join(dataDir, SETUP_TOKEN_FILE), { force: true });
}
