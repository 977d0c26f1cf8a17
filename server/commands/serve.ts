// SPDX-License-Identifier: MIT
// `strand serve`: runs the node until SIGINT/SIGTERM, then stops every component cleanly.
import { parseArgs } from 'node:util';
import { resolveServeConfig, SERVE_DEFAULTS } from '../config/serve-config.js';
import { startNode } from '../main.js';
import type { Command } from './command.js';

const consoleLog = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(`warning: ${m}`),
};

export const serveCommand: Command = {
    summary: 'run the node and its web interface',
    usage: `Usage: strand serve [--host HOST] [--port PORT] [--data-dir DIR]

Runs the Strand node and serves the web interface.

Options:
  --host HOST       address to listen on (env STRAND_HOST, default ${SERVE_DEFAULTS.host})
  --port PORT       TCP port to listen on (env STRAND_PORT, default ${SERVE_DEFAULTS.port})
  --data-dir DIR    where identities, configuration and the database live
                    (env STRAND_DATA_DIR, default ${SERVE_DEFAULTS.dataDir})
  -h, --help        show this help`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: {
          host: { type: 'string' },
          port: { type: 'string' },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      });
      if (values.help) {
        console.log(this.usage);
        return 0;
      }
      const config = resolveServeConfig(
        { host: values.host, port: values.port, dataDir: values['data-dir'] },
        process.env,
        process.cwd(),
      );
      const node = await startNode(config, consoleLog);
      await waitForShutdownSignal();
      consoleLog.info('shutting down');
      await node.stop();
      consoleLog.info('stopped');
      return 0;
    },
};

function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

