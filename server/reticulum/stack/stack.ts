// SPDX-License-Identifier: MIT
// The running Reticulum node: config dir, transport identity, known identities, the shared
// instance, the configured interfaces and Transport, with one start()/stop() lifecycle.
// Startup follows RNS/Reticulum.py :: Reticulum.__init__ and __start_local_interface: with
// `share_instance` on, try to become the shared instance; if one already runs, attach to it and
// start none of our own interfaces (RNS programs do exactly this, so Strand lives beside rnsd).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RnsError } from '../errors.js';
import type { ReticulumConfig } from '../config/index.js';
import { loadReticulumConfig } from '../config/index.js';
import { Destination, DestinationType, Direction, ProofStrategy } from '../destination/index.js';
import { Identity } from '../identity/index.js';
import { KnownIdentities } from '../identity/index.js';
import type { NetworkInterface } from '../interfaces/index.js';
import { LocalClientInterface, LocalServerInterface } from '../interfaces/index.js';
import { abstractSocketListening, sharedInstanceSocketName } from '../interfaces/unix/abstract-probe.js';
import type { AbstractSocketAddon } from '../interfaces/unix/native.js';
import { abstractSockets } from '../interfaces/unix/native.js';
import { UnixLocalClientInterface, UnixLocalServerInterface } from '../interfaces/unix/unix-local.js';
import { Transport } from '../transport/index.js';
import { ensureConfigFile, loadOrCreateTransportIdentity, stackPaths } from './files.js';
import type { StackPaths } from './files.js';
import { InterfaceRoster, watchStatus } from './roster.js';
import type { InterfaceStatus, ReloadResult, ReticulumStackOptions, SharedInstanceState, StackLogger } from './types.js';

/** Default period of the known-identities save (RNS saves known destinations on exit and in jobs). */
export const KNOWN_IDENTITIES_SAVE_INTERVAL_MS = 5 * 60_000;

/** The running node. Build with {@link createReticulumStack}; start(), then use `transport`. */
export class ReticulumStack {
  readonly paths: StackPaths;
  readonly knownIdentities: KnownIdentities;
  private readonly log: StackLogger;
  private readonly roster: InterfaceRoster;
  private readonly listeners = new Set<(list: InterfaceStatus[]) => void>();
  private transportInstance: Transport | null = null;
  private identity: Identity | null = null;
  private shared: SharedInstanceState = { role: 'standalone', type: null, port: null, socketName: null };
  private sharedIface: NetworkInterface | null = null;
  private config: ReticulumConfig | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();
  private probeHash: Uint8Array | null = null;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  constructor(private readonly options: ReticulumStackOptions) {
    const dir = options.configDir ?? (options.dataDir !== undefined ? path.join(options.dataDir, 'reticulum') : undefined);
    if (dir === undefined) throw new RnsError('RNS_ERR_STACK_OPTIONS', 'createReticulumStack needs configDir or dataDir');
    this.paths = stackPaths(dir);
    this.log = options.logger;
    this.knownIdentities = new KnownIdentities({ onChange: () => (this.dirty = true) });
    const ifaceLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => this.log[level](message);
    this.roster = new InterfaceRoster(() => this.transportInstance, this.log, ifaceLog, () => this.emit());
  }

  /** Transport of the running node. @throws RnsError `RNS_ERR_NOT_STARTED` before start(). */
  get transport(): Transport {
    if (!this.transportInstance) throw new RnsError('RNS_ERR_NOT_STARTED', 'the Reticulum stack is not started');
    return this.transportInstance;
  }

  /** The persisted transport identity (available after start()). */
  get transportIdentity(): Identity | null {
    return this.identity;
  }

  /** Whether we offer the shared instance, attached to one, or run standalone. */
  sharedInstance(): SharedInstanceState {
    return { ...this.shared };
  }

  /** The parsed config of the last start()/reload (errors and warnings included). */
  currentConfig(): ReticulumConfig | null {
    return this.config;
  }

  /** Status of every configured interface and of the shared-instance interface, with live stats. */
  interfaces(): InterfaceStatus[] {
    return this.roster.list(this.sharedIface, this.shared.role, this.shared.type);
  }

  /** Called with the new status list whenever an interface starts, stops, or goes on/offline. */
  onStatusChange(listener: (list: InterfaceStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Brings the node up. Throws (and leaves nothing running) when the config dir or transport
   * identity cannot be used, when `panic_on_interface_error` is set and an interface fails, or when
   * a reference shared instance runs on the unix socket that Strand cannot reach.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new RnsError('RNS_ERR_STACK_STATE', `start() on a ${this.state} stack`);
    this.state = 'starting';
    try {
      await this.startInner();
      this.state = 'running';
    } catch (e) {
      await this.shutdown();
      this.state = 'stopped';
      throw e;
    }
  }

  private async startInner(): Promise<void> {
    const { text, created } = await ensureConfigFile(this.paths);
    if (created) this.log.info('reticulum: wrote the default config', { file: this.paths.configFile });
    const config = this.loadConfig(text);
    const { identity, created: newId } = await loadOrCreateTransportIdentity(this.paths.transportIdentityFile);
    this.identity = identity;
    if (newId) this.log.info('reticulum: created a transport identity', { hash: identity.hexHash });
    await this.loadKnownIdentities();

    const settings = config.reticulum;
    if (settings.shareInstance) await this.openShared(config);
    const attached = this.shared.role === 'client';
    const transportOn = !attached && (this.options.transportEnabled ?? settings.enableTransport);
    // As RNS 1.4: an endpoint (transport off) shows a fresh transport identity each start, so its
    // tunnel ids and path requests cannot link its sessions, unless static_transport_identity asks
    // for the stored one. Transport nodes always use the stored identity.
    const staticIdentity = transportOn || settings.other['static_transport_identity'] === true;
    this.transportInstance = new Transport(
      { knownIdentities: this.knownIdentities, transportIdentity: staticIdentity ? identity : Identity.generate(), ...(this.options.clock ? { clock: this.options.clock } : {}), logger: this.log },
      { interfaces: [], transport: transportOn },
    );
    await this.transportInstance.start();
    // Transport tells the shared-instance role by class (Local server: attached programs are local
    // clients; Local client: we are attached). A server is already listening (start() is a no-op);
    // a client starts here, so Transport sees it come online.
    if (this.sharedIface) {
      watchStatus(this.sharedIface, () => this.emit());
      await this.transportInstance.addInterface(this.sharedIface);
    }
    if (transportOn && settings.respondToProbes) this.registerProbeDestination(identity);
    const failed = await this.roster.apply(config.interfaces, !attached);
    if (failed.length > 0 && settings.panicOnInterfaceError) {
      throw new RnsError('RNS_ERR_INTERFACE_PANIC', `interface(s) failed and panic_on_interface_error is set: ${failed.join(', ')}`);
    }
    const interval = this.options.saveIntervalMs ?? KNOWN_IDENTITIES_SAVE_INTERVAL_MS;
    this.saveTimer = setInterval(() => void this.saveKnownIdentities(), interval);
    this.saveTimer.unref();
    this.log.info('reticulum: started', { shared: this.shared.role, transport: transportOn, interfaces: this.roster.names() });
    this.emit();
  }

  /**
   * `respond_to_probes` (Transport.start): transport instances may prove every packet sent to
   * `rnstransport.probe` under their transport identity, which is what `rnprobe` measures. Not announced.
   */
  private registerProbeDestination(identity: Identity): void {
    const probe = new Destination({ identity, direction: Direction.IN, type: DestinationType.SINGLE, appName: 'rnstransport', aspects: ['probe'] });
    probe.proofStrategy = ProofStrategy.PROVE_ALL;
    this.transport.registerDestination(probe, { onPacket: () => undefined });
    this.probeHash = probe.hash;
    this.log.info('reticulum: responding to probes', { destination: Buffer.from(probe.hash).toString('hex') });
  }

  /** The `rnstransport.probe` destination hash when `respond_to_probes` is active, else null. */
  get probeDestinationHash(): Uint8Array | null {
    return this.probeHash;
  }

  /** RNS __start_local_interface: serve the shared instance, or attach to the one that runs. */
  private async openShared(config: ReticulumConfig): Promise<void> {
    const settings = config.reticulum;
    const type = settings.sharedInstanceType ?? (process.platform === 'linux' ? 'unix' : 'tcp');
    let note: string | undefined;
    if (type === 'unix') {
      const name = sharedInstanceSocketName(settings.instanceName);
      const addon = this.options.abstractSockets === undefined ? abstractSockets() : this.options.abstractSockets;
      if (addon) {
        const opened = await this.openUnix(name, addon);
        this.sharedIface = opened.iface;
        this.shared = { role: opened.role, type: 'unix', port: null, socketName: name };
        this.log.info(opened.role === 'server' ? 'reticulum: offering the shared instance' : 'reticulum: attached to a running shared instance', { socket: `@${name}` });
        return;
      }
      const seen = await abstractSocketListening(name, this.options.procNetUnixPath);
      if (seen === true) {
        throw new RnsError(
          'RNS_ERR_SHARED_INSTANCE_UNIX',
          `a Reticulum shared instance (rnsd, NomadNet or Sideband) is listening on the abstract unix socket @${name}, which this Strand build cannot attach to (its abstract-socket addon is not built). ` +
            `Set "shared_instance_type = tcp" in the [reticulum] section of that program's config (e.g. ~/.reticulum/config) and restart it, ` +
            `then Strand attaches to it over TCP port ${settings.sharedInstancePort}; or stop it, and Strand becomes the shared instance itself.`,
        );
      }
      note = `the abstract unix socket is not available in this build; the shared instance is offered over TCP port ${settings.sharedInstancePort}. RNS programs must set shared_instance_type = tcp to attach.`;
      this.log.warn(`reticulum: ${note}`);
    }
    const opened = await this.openLocal(settings.sharedInstancePort);
    this.sharedIface = opened.iface;
    this.shared = { role: opened.role, type: 'tcp', port: settings.sharedInstancePort, socketName: null, ...(note !== undefined ? { note } : {}) };
    this.log.info(opened.role === 'server' ? 'reticulum: offering the shared instance' : 'reticulum: attached to a running shared instance', { port: settings.sharedInstancePort });
  }

  /**
   * Server first; EADDRINUSE means a shared instance already runs there, so attach to it. The
   * server is returned listening, the client unstarted (Transport starts it, see startInner).
   */
  private async openLocal(port: number): Promise<{ role: 'server' | 'client'; iface: NetworkInterface }> {
    const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => this.log[level](message);
    const server = new LocalServerInterface({ port, log });
    try {
      await server.start();
      return { role: 'server', iface: server };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
    const wait = this.options.sharedInstanceReconnectWaitMs;
    const client = new LocalClientInterface({ port, log, ...(wait !== undefined ? { reconnectWaitMs: wait } : {}) });
    return { role: 'client', iface: client };
  }

  /** The same rule on the abstract unix socket `\0<name>`. */
  private async openUnix(name: string, addon: AbstractSocketAddon): Promise<{ role: 'server' | 'client'; iface: NetworkInterface }> {
    const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => this.log[level](message);
    const server = new UnixLocalServerInterface({ socketName: name, addon, log });
    try {
      await server.start();
      return { role: 'server', iface: server };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
    const wait = this.options.sharedInstanceReconnectWaitMs;
    const client = new UnixLocalClientInterface({ socketName: name, addon, log, ...(wait !== undefined ? { reconnectWaitMs: wait } : {}) });
    return { role: 'client', iface: client };
  }

  private loadConfig(text: string): ReticulumConfig {
    const config = loadReticulumConfig(text);
    for (const issue of config.errors) this.log.error(`reticulum config: ${issue.message}`, { code: issue.code });
    for (const issue of config.warnings) this.log.warn(`reticulum config: ${issue.message}`, { code: issue.code });
    this.config = config;
    return config;
  }

  /**
   * Re-reads the config file and applies its `[interfaces]`: removed and changed blocks are
   * stopped, new and changed ones started, unchanged ones keep running. `[reticulum]` changes need
   * a restart. While attached to a shared instance nothing is started (as RNS).
   */
  async reloadInterfaces(): Promise<ReloadResult> {
    if (this.state !== 'running') throw new RnsError('RNS_ERR_STACK_STATE', `reloadInterfaces() on a ${this.state} stack`);
    const config = this.loadConfig(await readFile(this.paths.configFile, 'utf8'));
    const result = await this.roster.reload(config.interfaces, this.shared.role !== 'client');
    this.emit();
    return result;
  }

  /** Saves known identities now (atomic write). Errors are logged, never thrown. */
  async saveKnownIdentities(): Promise<void> {
    const run = async (): Promise<void> => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.knownIdentities.saveToFile(this.paths.knownIdentitiesFile);
      } catch (e) {
        this.dirty = true;
        this.log.error('reticulum: could not save known identities', { file: this.paths.knownIdentitiesFile, error: String(e) });
      }
    };
    this.saving = this.saving.then(run);
    return this.saving;
  }

  private async loadKnownIdentities(): Promise<void> {
    try {
      await this.knownIdentities.loadFromFile(this.paths.knownIdentitiesFile);
      this.dirty = false;
    } catch (e) {
      // Missing on first run; a corrupt file costs only remembered keys (announces bring them back).
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn('reticulum: known identities not loaded', { error: String(e) });
    }
  }

  /** Stops every interface and timer and saves known identities. Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'new') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    await this.shutdown();
    this.emit();
  }

  private async shutdown(): Promise<void> {
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.saveTimer = null;
    await this.transportInstance?.stop();
    await this.roster.stopAll();
    await this.sharedIface?.stop();
    await this.saveKnownIdentities();
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const list = this.interfaces();
    for (const l of this.listeners) {
      try {
        l(list);
      } catch (e) {
        this.log.warn('reticulum: status listener threw', { error: String(e) });
      }
    }
  }
}

/** Builds (does not start) the node. See {@link ReticulumStackOptions}. */
export function createReticulumStack(options: ReticulumStackOptions): ReticulumStack {
  return new ReticulumStack(options);
}
