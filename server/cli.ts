// SPDX-License-Identifier: MIT
// The `strand` command: a small dispatcher over subcommands, each with its own --help.
import { ConfigError } from './config/errors.js';
import type { Command } from './commands/command.js';
import { conformanceBridgeCommand } from './commands/conformance-bridge.js';
import { passwdCommand } from './commands/passwd.js';
import { restoreCommand } from './commands/restore.js';
import { serveCommand } from './commands/serve.js';
import { verifyCommand } from './commands/verify.js';
import { STRAND_VERSION } from './version.js';

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  passwd: passwdCommand,
  restore: restoreCommand,
  verify: verifyCommand,
  'conformance-bridge': conformanceBridgeCommand,
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
  const command = COMMANDS[name];
  if (!command) {
    console.error(`strand: unknown command '${name}'\n\n${mainUsage()}`);
    return 2;
  }
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
