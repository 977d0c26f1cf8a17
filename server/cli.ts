// SPDX-License-Identifier: MIT
// The `strand` command: a small dispatcher over subcommands, each with its own --help.
import { ConfigError } from './config/errors.js';
import type { Command } from './commands/command.js';
import { STRAND_VERSION } from './version.js';

/**
 * Each command is loaded only when it runs: the bundle is split at these imports, so `serve` (every
 * start of the node) never evaluates the release verifier's Sigstore/TUF stack or the bridge.
 * The summaries live here for the same reason (the usage must not load every command).
 */
export const COMMANDS: Readonly<Record<string, { summary: string; load(): Promise<Command> }>> = {
  serve: { summary: 'run the node and its web interface', load: async () => (await import('./commands/serve.js')).serveCommand },
  passwd: { summary: 'set the web interface password (logs out every session)', load: async () => (await import('./commands/passwd.js')).passwdCommand },
  restore: { summary: 'restore the database from a backup (node stopped)', load: async () => (await import('./commands/restore.js')).restoreCommand },
  verify: { summary: 'verify a release artifact offline (signatures, provenance, checksums)', load: async () => (await import('./commands/verify.js')).verifyCommand },
  'conformance-bridge': {
    summary: 'serve the conformance-suite bridge protocol on stdin/stdout',
    load: async () => (await import('./commands/conformance-bridge.js')).conformanceBridgeCommand,
  },
};

function mainUsage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(22)}${c.summary}`);
  return `Strand ${STRAND_VERSION}: an LXMF mesh messenger node.

Usage: strand <command> [options]

Commands:
${lines.join('\n')}

Run 'strand <command> --help' for the options of a command.`;
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainUsage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(STRAND_VERSION);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`strand: unknown command '${name}'\n\n${mainUsage()}`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`strand ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}
