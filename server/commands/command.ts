// SPDX-License-Identifier: MIT
/** A `strand` subcommand: `run` returns the process exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
