// SPDX-License-Identifier: MIT
// `strand serve`: runs the node until SIGINT/SIGTERM, then stops every component cleanly.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkBackend } from '../../integrity/backend-check.js';
import type { IntegrityReport } from '../../integrity/index.js';
import { resolveServeConfig, SERVE_DEFAULTS } from '../config/serve-config.js';
import { startNode } from '../main.js';
import type { NodeConfig, NodeLogger, RunningNode } from '../main.js';
import { resolveNetworkConfig } from '../config/network-config.js';
import type { Command } from './command.js';

// Replaced with `true` by server/tools/build.mjs; undefined when running from source (tsx).
declare const __STRAND_BACKEND_BUILD__: boolean | undefined;

/** Environment variable equivalent of `--allow-modified-backend`. */
export const ALLOW_MODIFIED_ENV = 'STRAND_ALLOW_MODIFIED_BACKEND';

const consoleLog = {
  info: (m: string) => console.log(m),
  warn: (m: string) => console.warn(`warning: ${m}`),
};

export const serveCommand: Command = {
    summary: 'run the node and its web interface',
    usage: `Usage: strand serve [--host HOST] [--port PORT] [--data-dir DIR]
                    [--tls-self-signed | --tls-cert FILE --tls-key FILE] [--trusted-proxies LIST]
                    [--allowed-hosts LIST]

Runs the Strand node and serves the web interface.

Options:
  --host HOST       address to listen on (env STRAND_HOST, default ${SERVE_DEFAULTS.host})
  --port PORT       TCP port to listen on (env STRAND_PORT, default ${SERVE_DEFAULTS.port})
  --data-dir DIR    where identities, configuration and the database live
                    (env STRAND_DATA_DIR, default ${SERVE_DEFAULTS.dataDir})
  --tls-cert FILE   PEM certificate (chain) for HTTPS (env STRAND_TLS_CERT); needs --tls-key
  --tls-key FILE    PEM private key for HTTPS (env STRAND_TLS_KEY)
  --tls-self-signed serve HTTPS with a self-signed certificate generated once and kept in
                    DIR/tls (env STRAND_TLS_SELF_SIGNED=1)
  --trusted-proxies LIST
                    comma-separated proxy addresses or CIDR subnets whose X-Forwarded-For and
                    X-Forwarded-Proto headers are believed (env STRAND_TRUSTED_PROXIES);
                    by default no proxy is trusted
  --allowed-hosts LIST
                    comma-separated host names (or *.suffix) the web interface answers to, besides
                    IP addresses, single-label names and .local/.lan/.home.arpa/.internal/.localhost
                    names (env STRAND_ALLOWED_HOSTS); other names get 421, which stops DNS-rebinding
                    pages from reaching the API. Needed for a public name behind a reverse proxy
  --allow-modified-backend
                    start even when the backend files do not match
                    backend-manifest.json (env ${ALLOW_MODIFIED_ENV}=1); for operators
                    who patch on purpose; logged loudly and shown in /api/v1/status
  -h, --help        show this help

A production build checks every file of its backend root against backend-manifest.json before it
opens any socket or database, and refuses to start (exit code 3) on any mismatch.`,
    async run(args) {
      const { values } = parseArgs({
        args,
        options: {
          host: { type: 'string' },
          port: { type: 'string' },
          'data-dir': { type: 'string' },
          'allow-modified-backend': { type: 'boolean' },
          'tls-cert': { type: 'string' },
          'tls-key': { type: 'string' },
          'tls-self-signed': { type: 'boolean' },
          'trusted-proxies': { type: 'string' },
          'allowed-hosts': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      });
      if (values.help) {
        console.log(this.usage);
        return 0;
      }
      const integrity = checkBackendAtStartup(values['allow-modified-backend'] === true, process.env);
      if (integrity.status === 'failed') return INTEGRITY_EXIT_CODE;
      const config: NodeConfig = {
        ...resolveServeConfig({ host: values.host, port: values.port, dataDir: values['data-dir'] }, process.env, process.cwd()),
        ...resolveNetworkConfig(
          { tlsCert: values['tls-cert'], tlsKey: values['tls-key'], tlsSelfSigned: values['tls-self-signed'], trustedProxies: values['trusted-proxies'], allowedHosts: values['allowed-hosts'] },
          process.env,
          process.cwd(),
        ),
      };
      const node = await startWithIntegrity(config, consoleLog, { integrity });
      await waitForShutdownSignal();
      consoleLog.info('shutting down');
      await node.stop();
      consoleLog.info('stopped');
      return 0;
    },
};

// startNode takes the integrity report as its third argument (shown in /api/v1/status). Typed
// through this alias so the call stays valid while main.ts still declares two parameters.
const startWithIntegrity: (config: NodeConfig, log: NodeLogger, options: { integrity: IntegrityReport }) => Promise<RunningNode> = startNode;

/** Exit code of a refused start: distinct from configuration errors (2). */
export const INTEGRITY_EXIT_CODE = 3;

/** True for `1`, `true`, `yes` (any case); anything else, including unset, is false. */
function envFlag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

/**
 * Verifies the backend root before anything is opened and logs the outcome. In a build the root
 * is the directory of the bundled strand.js; from source there is no manifest to check.
 */
export function checkBackendAtStartup(flag: boolean, env: NodeJS.ProcessEnv): IntegrityReport {
  const isBuild = typeof __STRAND_BACKEND_BUILD__ === 'boolean' && __STRAND_BACKEND_BUILD__;
  const backendRoot = path.dirname(fileURLToPath(import.meta.url));
  const allowModified = flag || envFlag(env[ALLOW_MODIFIED_ENV]);
  const report = checkBackend({ mode: isBuild ? 'production' : 'development', backendRoot, allowModified });
  switch (report.status) {
    case 'verified':
      consoleLog.info(report.summary);
      if (allowModified) consoleLog.warn('--allow-modified-backend is set but was not needed: the backend matches its manifest');
      break;
    case 'unverified-development':
      consoleLog.warn(report.summary);
      break;
    case 'overridden': {
      const banner = '!'.repeat(78);
      console.error(`${banner}\n${report.summary}\nbackend root: ${report.backendRoot}\n${report.problems.map((p) => `  ${p.kind}: ${p.path}${p.detail ? ` (${p.detail})` : ''}`).join('\n')}\n${banner}`);
      break;
    }
    case 'failed':
      console.error(`strand serve: refusing to start: ${report.summary}\nbackend root: ${report.backendRoot}\n${report.problems.map((p) => `  ${p.kind}: ${p.path}${p.detail ? ` (${p.detail})` : ''}`).join('\n')}\nReinstall the release, or start with --allow-modified-backend (${ALLOW_MODIFIED_ENV}=1) if you changed these files on purpose.`);
      break;
  }
  return report;
}

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

