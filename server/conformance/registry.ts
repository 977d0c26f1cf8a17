// SPDX-License-Identifier: MIT
// The command registry of the conformance bridge: name → zod params schema + handler. Areas
// (crypto, identity, packet, ... and later LXMF) each add their commands to one registry, so the
// line protocol never needs to know what a command does.
import type * as z from 'zod';

/** A JSON-serialisable result object (the `result` member of a success answer). */
export type CommandResult = Record<string, unknown>;

/** One bridge command: its params are parsed with `params` before `run` sees them. */
export interface BridgeCommand<S extends z.ZodType = z.ZodType> {
  readonly params: S;
  run(params: z.output<S>): CommandResult | Promise<CommandResult>;
}

/** Thrown when a command is registered twice; a programming error, caught at startup. */
export class DuplicateCommandError extends Error {
  readonly code = 'BRIDGE_ERR_DUPLICATE_COMMAND';
  constructor(name: string) {
    super(`bridge command '${name}' is already registered`);
    this.name = 'DuplicateCommandError';
  }
}

/** Name → command. Commands are added once and never replaced. */
export class CommandRegistry {
  private readonly commands = new Map<string, BridgeCommand>();

  /** Adds `name`. @throws DuplicateCommandError if it exists. */
  add<S extends z.ZodType>(name: string, params: S, run: (params: z.output<S>) => CommandResult | Promise<CommandResult>): this {
    if (this.commands.has(name)) throw new DuplicateCommandError(name);
    this.commands.set(name, { params, run } as BridgeCommand);
    return this;
  }

  get(name: string): BridgeCommand | undefined {
    return this.commands.get(name);
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  /** Registered names, sorted (for logs and tests). */
  names(): string[] {
    return [...this.commands.keys()].sort();
  }
}
