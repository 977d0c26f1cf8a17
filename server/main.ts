// SPDX-License-Identifier: MIT
// The one composition root: builds every component from its configuration and owns their lifecycle.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IntegrityReport, SupplyChainInfo } from '../integrity/index.js';
import { readSupplyChain } from '../integrity/supply-chain.js';
import { AuthService, DEFAULT_LOCKOUT } from './app/auth.service.js';
import type { AuthEvent } from './app/auth.service.js';
import { BackupsService } from './app/backups.service.js';
import { DataAtRestService } from './app/data-at-rest.service.js';
import { EventBus } from './app/events.js';
import { InterfacesService, UnavailableInterfaces } from './app/interfaces.service.js';
import { LogsService } from './app/logs.service.js';
import { MessagesService } from './app/messages.service.js';
import { NodeService } from './app/node.service.js';
import { ARGON2_PRODUCTION } from './app/password.js';
import type { Argon2Params } from './app/password.js';
import { removeSetupToken, writeSetupToken } from './app/setup-token.js';
import { NodeRuntime } from './app/node-runtime.js';
import { RETICULUM_NOT_RUNNING, UnavailableAnnounce, UnavailableMessaging, UnavailablePropagation } from './app/unavailable.js';
import type { NetworkConfig } from './config/network-config.js';
import { isLoopbackHost } from './config/network-config.js';
import type { ServeConfig } from './config/serve-config.js';
import { createHttpApp } from './http/app.js';
import { WsHub } from './http/ws/hub.js';
import { sessionTag } from './http/session.js';
import { loadTls } from './http/tls.js';
import { createLogger } from './logging/logger.js';
import { DB_FILE_NAME, SCHEMA_VERSION, openDatabase } from './storage/db.js';
import { IntegrityRepository } from './storage/repositories/integrity.repository.js';
import { AuthRepository } from './storage/repositories/auth.repository.js';
import { LogsRepository } from './storage/repositories/logs.repository.js';
import { MessagesRepository } from './storage/repositories/messages.repository.js';
import { PeersRepository } from './storage/repositories/peers.repository.js';
import { ProfileRepository } from './storage/repositories/profile.repository.js';
import { SettingsRepository } from './storage/repositories/settings.repository.js';
import { STRAND_COMMIT, STRAND_VERSION } from './version.js';

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

/** Settings of `strand serve`; the network part defaults to plain HTTP without trusted proxies. */
export type NodeConfig = ServeConfig & Partial<NetworkConfig>;

export interface StartOptions {
  integrity?: IntegrityReport;
  /** Cheaper argon2 for tests that do not measure the hash; production parameters otherwise. */
  argon2?: Argon2Params;
  authRateLimit?: { windowMs: number; limit: number };
  /** Folder of the built web UI; found next to the backend when not given. */
  webRoot?: string | null;
  clock?: () => number;
  /** Start the Reticulum stack from `<data>/reticulum` (default true; the HTTP-only tests turn it off). */
  reticulum?: boolean;
  /** Where the shipped SBOM and provenance are looked for; the backend's own folder by default. */
  supplyChainRoot?: string;
}

const SESSION_IDLE_MS = 7 * 24 * 3600_000;
const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
const SESSION_SWEEP_MS = 3600_000;
const FIRST_BACKUP_DELAY_MS = 5 * 60_000;

/** `web/` next to the bundled strand.js, or dist/backend/web when running from source. */
export function defaultWebRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'web'), path.join(here, '..', 'dist', 'backend', 'web')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? null;
}

const PID_FILE = 'strand.pid';

/** The pid of another live node process using `dataDir`, or null. */
export function nodeRunningIn(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // ESRCH: the process is gone (a crash left the file); EPERM: alive but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** Starts a Strand node with the given settings. */
export async function startNode(config: NodeConfig, log: NodeLogger, options: StartOptions = {}): Promise<RunningNode> {
  const clock = options.clock ?? Date.now;
  const other = nodeRunningIn(config.dataDir);
  if (other !== null) throw new Error(`another Strand node (pid ${other}) is using ${config.dataDir}`);
  const db = openDatabase(path.join(config.dataDir, DB_FILE_NAME));
  writeFileSync(path.join(config.dataDir, PID_FILE), `${process.pid}\n`);
  const logsRepo = new LogsRepository(db);
  const logger = createLogger({
    console: (level, line) => (level === 'warn' || level === 'error' ? log.warn(line) : log.info(line)),
    sink: (entry) => logsRepo.addDebug(entry),
    clock,
  });
  const events = new EventBus();
  const messagesRepo = new MessagesRepository(db);
  const peers = new PeersRepository(db);
  const settingsRepo = new SettingsRepository(db);
  const runtime: NodeRuntime | null = options.reticulum === false ? null : new NodeRuntime({
    dataDir: config.dataDir, db, messages: messagesRepo, peers, log: logger, events, clock,
    maxInboundSize: (): number => node.settings().incomingSizeLimitBytes,
    autoSyncSeconds: (): number => node.settings().autoSyncIntervalSeconds,
    inboundStampCost: (): number => node.settings().inboundStampCost,
  });
  const messaging = runtime?.messaging ?? new UnavailableMessaging();
  const announce = runtime?.announces ?? new UnavailableAnnounce();
  const propagation = runtime?.propagation ?? new UnavailablePropagation();

  const logs = new LogsService(logsRepo, (line) => log.info(line), clock);
  const auth = new AuthService(
    {
      repo: new AuthRepository(db),
      events,
      clock,
      onAuthEvent: (e: AuthEvent) => {
        logs.auth(e, sessionTag(e.sessionId));
        if (e.event === 'setup' && e.outcome === 'ok') removeSetupToken(config.dataDir);
      },
    },
    { argon2: options.argon2 ?? ARGON2_PRODUCTION, lockout: DEFAULT_LOCKOUT, sessionIdleMs: SESSION_IDLE_MS, sessionAbsoluteMs: SESSION_ABSOLUTE_MS },
  );
  const messages = new MessagesService({
    messages: messagesRepo, peers, messaging, events, clock,
    hasPropagationNode: () => node.settings().preferredPropagationNode !== null,
  });
  const node = new NodeService({ profile: new ProfileRepository(db), settings: settingsRepo, peers, announce, propagation, events, clock });
  const backups = new BackupsService(
    db,
    path.join(config.dataDir, 'backups'),
    { intervalMs: node.settings().backupIntervalHours * 3600_000, firstDelayMs: FIRST_BACKUP_DELAY_MS, keep: () => node.settings().backupKeep },
    (e) => logger.child('backup').error(`scheduled backup failed: ${e.message}`),
  );

  // Before the Reticulum stack or the HTTP server touch anything: compare with the last clean shutdown.
  const integrityRepo = new IntegrityRepository(db);
  const dataAtRest = new DataAtRestService({ dataDir: config.dataDir, settings: settingsRepo, databaseMetadata: () => integrityRepo.facts(), schemaVersion: SCHEMA_VERSION, clock });
  const dar = dataAtRest.start();
  if (dar.warnings.length > 0 && !dar.acknowledged) log.warn(`data at rest: ${dar.warnings.map((w) => `${w.code} ${w.subject}`).join('; ')} (acknowledge in the web interface)`);

  const interfaces = new InterfacesService({ port: runtime?.interfaces ?? new UnavailableInterfaces(), events, configFile: path.join(config.dataDir, 'reticulum', 'config') });

  const tls = await loadTls(config.tls ?? { mode: 'off' }, config.dataDir);
  // Read once, on first request: the shipped files do not change while the node runs.
  let supplyChain: SupplyChainInfo | undefined;
  const trustedProxies = config.trustedProxies ?? [];
  const app = createHttpApp({
    version: STRAND_VERSION,
    commit: STRAND_COMMIT,
    auth, messages, node, logs, backups, events, interfaces, dataAtRest,
    log: logger.child('http'),
    integrity: options.integrity ?? null,
    reticulum: () => runtime?.portStatus() ?? messaging.status(),
    about: () => ({ dataDir: config.dataDir, databaseBytes: db.prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').pluck().get() }),
    webRoot: options.webRoot !== undefined ? options.webRoot : defaultWebRoot(),
    trustedProxies,
    allowedHosts: config.allowedHosts ?? [],
    supplyChain: () => (supplyChain ??= readSupplyChain(options.supplyChainRoot ?? path.dirname(fileURLToPath(import.meta.url)))),
    sessionMaxAgeMs: SESSION_ABSOLUTE_MS,
    authRateLimit: options.authRateLimit ?? { windowMs: 60_000, limit: 10 },
  });
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, app) : http.createServer(app);
  const trustFn = app.get('trust proxy fn') as (addr: string, i: number) => boolean;
  const hub = new WsHub({
    auth, events, logs, log: logger.child('ws'), version: STRAND_VERSION, allowedHosts: config.allowedHosts ?? [],
    isSecure: (req) => tls !== null || (trustFn(req.socket.remoteAddress ?? '', 0) && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https'),
  });
  hub.attach(server);

  try {
    await runtime?.start(node.profile().displayName);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    hub.close();
    await runtime?.stop();
    dataAtRest.record(); // a refused start is a clean stop: pending warnings are already persisted
    db.close();
    throw error;
  }
  messages.start();
  node.start();
  runtime?.submitQueued();
  runtime?.startAutoAnnounce(node);
  backups.start();
  const sweep = setInterval(() => auth.sweepSessions(), SESSION_SWEEP_MS);
  sweep.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  log.info(`Strand ${STRAND_VERSION} listening on ${url} (data dir ${config.dataDir})`);
  if (tls) log.info(`TLS certificate: ${tls.source}`);
  if (!tls && !isLoopbackHost(config.host)) {
    log.warn(`listening on ${config.host} without TLS: passwords and session cookies cross the network in clear text. ` +
      'Use --tls-self-signed, --tls-cert/--tls-key, or a TLS reverse proxy (--trusted-proxies).');
  }
  const rns = runtime?.status();
  if (!rns) log.info(`Reticulum: ${RETICULUM_NOT_RUNNING} (disabled); outgoing messages stay queued`);
  else if (rns.running) log.info(`Reticulum running (${rns.sharedInstance?.role ?? 'standalone'}); LXMF delivery destination ${runtime?.deliveryHash() ?? '?'}`);
  else log.warn(`Reticulum: ${rns?.error?.message ?? RETICULUM_NOT_RUNNING}; the web interface runs and outgoing messages stay queued`);
  if (!auth.isSetUp()) {
    const token = auth.issueSetupToken();
    const file = writeSetupToken(config.dataDir, token);
    log.info(`First run: open the web interface and enter this one-time setup token to set the password:\n\n    ${token}\n\n` +
      `(also stored in ${file}, readable only by this user; or set the password with 'strand passwd')`);
  }

  let stopping: Promise<void> | null = null;
  return {
    url,
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };

  async function stopAll(): Promise<void> {
    clearInterval(sweep);
    hub.close();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    messages.stop();
    node.stop();
    await runtime?.stop();
    await backups.stop();
    logs.flush();
    dataAtRest.record();
    db.close();
    rmSync(path.join(config.dataDir, PID_FILE), { force: true });
  }
}
