// SPDX-License-Identifier: MIT
// The one composition root: builds every component from its configuration and owns their lifecycle.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServeConfig } from './config/serve-config.js';
import { createHttpApp } from './http/app.js';
import { STRAND_VERSION } from './version.js';

export interface RunningNode {
  /** The address the HTTP server is bound to (the real port when 0 was asked for). */
  readonly url: string;
  /** Stops every component; resolves when all sockets are closed. */
  stop(): Promise<void>;
}

export interface NodeLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Starts a Strand node with the given settings. */
export async function startNode(config: ServeConfig, log: NodeLogger): Promise<RunningNode> {
  const app = createHttpApp({ version: STRAND_VERSION });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info(`Strand ${STRAND_VERSION} listening on ${url} (data dir ${config.dataDir})`);
  return {
    url,
    async stop() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
