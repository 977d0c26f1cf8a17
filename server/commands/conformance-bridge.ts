// SPDX-License-Identifier: MIT
// `strand conformance-bridge`: speaks the conformance-suite line protocol on stdin/stdout
// (server/conformance/PROTOCOL.md) so cross-implementation suites can drive the Strand library.
import { parseArgs } from 'node:util';
import { createConformanceRegistry, describe, runBridge } from '../conformance/index.js';
import { registerLxmfCommands } from '../conformance/lxmf.js';
import type { Command } from './command.js';

export const conformanceBridgeCommand: Command = {
  summary: 'serve the conformance-suite bridge protocol on stdin/stdout',
  usage: `Usage: strand conformance-bridge

Prints READY, then reads one JSON request per line on stdin
  {"id": "req-1", "command": "sha256", "params": {"data": "00ff"}}
and answers one JSON line per request on stdout
  {"id": "req-1", "success": true, "result": {...}}  or  {"id": ..., "success": false, "error": "..."}.
Binary values are lowercase hex. Logs go to stderr. Exits 0 at the end of stdin.
The commands are listed in server/conformance/PROTOCOL.md.

Options:
  -h, --help        show this help`,
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
    if (values.help) {
      console.log(this.usage);
      return 0;
    }
    const registry = createConformanceRegistry([registerLxmfCommands]);
    const log = (message: string): void => {
      process.stderr.write(`conformance-bridge: ${message}\n`);
    };
    // stdout is the protocol channel: anything a library prints through console must not land
    // there and corrupt the answer stream, so console output goes to stderr while we serve.
    const saved = { log: console.log, info: console.info, debug: console.debug };
    console.log = console.info = console.debug = (...items: unknown[]) => console.error(...items);
    // Every handler's failure is already an answer; these only catch stray asynchronous errors
    // (a timer or socket callback inside a library) that would otherwise end the process, which
    // a suite must never see happen because of what it sent.
    const onStray = (err: unknown): void => log(`stray error (bridge keeps running): ${describe(err)}`);
    process.on('uncaughtException', onStray);
    process.on('unhandledRejection', onStray);
    try {
      log(`ready with ${registry.names().length} commands`);
      await runBridge(registry, { input: process.stdin, output: process.stdout, log });
    } finally {
      Object.assign(console, saved);
      process.off('uncaughtException', onStray);
      process.off('unhandledRejection', onStray);
    }
    return 0;
  },
};
