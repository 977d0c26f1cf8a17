// SPDX-License-Identifier: MIT
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_TEXT } from '../config/index.js';
import { Destination, DestinationType, Direction } from '../destination/index.js';
import { Identity } from '../identity/index.js';
import { abstractSocketListening } from '../interfaces/unix/abstract-probe.js';
import { abstractSockets } from '../interfaces/unix/native.js';
import { inDestination, until } from '../transport/testing/nodes.js';
import type { AnnounceEvent } from '../transport/index.js';
import { ReceiptStatus } from '../transport/index.js';
import { ensureConfigFile, stackPaths } from './files.js';
import type { ReticulumStack } from './stack.js';
import { createReticulumStack } from './stack.js';
import type { StackLogger } from './types.js';

const dirs: string[] = [];
const stacks: ReticulumStack[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((s) => s.stop()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const logs: string[] = [];
const logger: StackLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => logs.push(m),
  error: (m) => logs.push(m),
};

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'strand-stack-'));
  dirs.push(d);
  return d;
}

/** A port that was free a moment ago (the config format needs a concrete port). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function configDirWith(text: string): Promise<string> {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'config'), text);
  return dir;
}

function stack(configDir: string, extra: Partial<Parameters<typeof createReticulumStack>[0]> = {}): ReticulumStack {
  const s = createReticulumStack({ configDir, logger, sharedInstanceReconnectWaitMs: 50, ...extra });
  stacks.push(s);
  return s;
}

const standalone = (blocks: string) => `[reticulum]\nshare_instance = No\n\n[interfaces]\n${blocks}`;
const tcpServer = (name: string, port: number) => `  [[${name}]]\n    type = TCPServerInterface\n    enabled = yes\n    listen_ip = 127.0.0.1\n    listen_port = ${port}\n`;

async function connectable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('ReticulumStack', () => {
  it('writes the default config (AutoInterface enabled) into a missing config dir', async () => {
    const dir = path.join(await tempDir(), 'nested', 'reticulum');
    const paths = stackPaths(dir);
    const first = await ensureConfigFile(paths);
    expect(first.created).toBe(true);
    expect(await readFile(paths.configFile, 'utf8')).toBe(DEFAULT_CONFIG_TEXT);
    expect(DEFAULT_CONFIG_TEXT).toMatch(/type = AutoInterface\s+enabled = Yes/);
    expect((await stat(paths.storageDir)).isDirectory()).toBe(true);
    await writeFile(paths.configFile, '# mine\n');
    const second = await ensureConfigFile(paths);
    expect(second).toEqual({ text: '# mine\n', created: false });
  });

  it('keeps the transport identity (0600) and known identities across restarts', async () => {
    const dir = await configDirWith(standalone(''));
    const a = stack(dir);
    await a.start();
    const id = a.transportIdentity?.hexHash;
    const remote = inDestination('known');
    a.knownIdentities.remember({ destinationHash: remote.hash, publicKey: remote.identity!.publicKey });
    await a.stop();
    const file = stackPaths(dir).transportIdentityFile;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const b = stack(dir);
    await b.start();
    expect(b.transportIdentity?.hexHash).toBe(id);
    // An endpoint shows an ephemeral transport identity on the network (RNS 1.4), not the stored one.
    expect(b.transport.identity.hexHash).not.toBe(id);
    expect(b.knownIdentities.recall(remote.hash)?.hexHash).toBe(remote.identity!.hexHash);
    await b.stop();
    const configFile = stackPaths(dir).configFile;
    const text = (await readFile(configFile, 'utf8')).replace('[reticulum]', '[reticulum]\n  static_transport_identity = yes');
    await writeFile(configFile, text);
    const c = stack(dir);
    await c.start();
    expect(c.transport.identity.hexHash).toBe(id);
  });

  it('reports a bad interface block and starts the others', async () => {
    const port = await freePort();
    const dir = await configDirWith(standalone(`${tcpServer('Good', port)}  [[Bad]]\n    type = TCPClientInterface\n    enabled = yes\n    target_port = 4242\n`));
    const s = stack(dir);
    await s.start();
    const rows = s.interfaces();
    const good = rows.find((r) => r.name === 'Good');
    const bad = rows.find((r) => r.name === 'Bad');
    expect(good).toMatchObject({ state: 'running', online: true, type: 'TCPServerInterface', mode: 'full' });
    expect(bad?.state).toBe('failed');
    expect(bad?.error).toMatch(/Bad/);
    expect(bad?.error).toMatch(/target_host/);
    expect(await connectable(port)).toBe(true);
    expect(s.sharedInstance().role).toBe('standalone');
  });

  it('refuses to start with panic_on_interface_error and leaves nothing listening', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const dir = await configDirWith(`[reticulum]\nshare_instance = No\npanic_on_interface_error = Yes\n[interfaces]\n${tcpServer('Taken', port)}`);
      await expect(stack(dir).start()).rejects.toMatchObject({ code: 'RNS_ERR_INTERFACE_PANIC' });
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('offers the shared instance, and a second stack attaches and exchanges announces', async () => {
    const port = await freePort();
    const cfg = `[reticulum]\nshare_instance = Yes\nshared_instance_type = tcp\nshared_instance_port = ${port}\n[interfaces]\n`;
    const first = stack(await configDirWith(cfg));
    await first.start();
    expect(first.sharedInstance()).toMatchObject({ role: 'server', type: 'tcp', port });
    const second = stack(await configDirWith(cfg));
    await second.start();
    expect(second.sharedInstance().role).toBe('client');
    await until(() => second.interfaces()[0]?.online === true, 5000, 'client online');

    const heard: { first: AnnounceEvent[]; second: AnnounceEvent[] } = { first: [], second: [] };
    first.transport.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e) => heard.first.push(e) });
    second.transport.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e) => heard.second.push(e) });
    const d1 = inDestination('one');
    const d2 = inDestination('two');
    first.transport.registerDestination(d1, { onPacket: () => undefined });
    second.transport.registerDestination(d2, { onPacket: () => undefined });
    // The server learns of the client from its first packet; announce from the client first.
    second.transport.announce(d2);
    await until(() => heard.first.some((e) => Buffer.from(e.destinationHash).equals(Buffer.from(d2.hash))), 5000, 'announce at first');
    first.transport.announce(d1);
    await until(() => heard.second.some((e) => Buffer.from(e.destinationHash).equals(Buffer.from(d1.hash))), 5000, 'announce at second');
    expect(first.transport.hasPath(d2.hash)).toBe(true);
    expect(second.transport.hasPath(d1.hash)).toBe(true);
    const sharedRow = first.interfaces().find((r) => r.sharedInstance);
    expect(sharedRow).toMatchObject({ type: 'LocalServerInterface', online: true });
    expect(sharedRow!.rxPackets).toBeGreaterThan(0);
  });

  it('forwards an announce from an attached program to the network (shared-instance rules apply)', async () => {
    const [shared, net1] = [await freePort(), await freePort()];
    const cfg = (blocks: string) => `[reticulum]\nshare_instance = Yes\nshared_instance_type = tcp\nshared_instance_port = ${shared}\n[interfaces]\n${blocks}`;
    const first = stack(await configDirWith(cfg(tcpServer('Network', net1))));
    await first.start();
    expect(first.sharedInstance().role).toBe('server');
    const statusEvents: boolean[] = [];
    first.onStatusChange((list) => statusEvents.push(list.find((r) => r.name === 'Network')?.online ?? false));
    const third = stack(await configDirWith(standalone(`  [[Up]]\n    type = TCPClientInterface\n    enabled = yes\n    target_host = 127.0.0.1\n    target_port = ${net1}\n`)));
    await third.start();
    await until(() => third.interfaces()[0]?.online === true, 5000, 'third online');
    // The peer spawned on the first stack's TCP server is a status change the stack reports.
    await until(() => statusEvents.length > 0, 5000, 'status event for the spawned peer');
    const second = stack(await configDirWith(cfg(tcpServer('Unused', await freePort()))));
    await second.start();
    expect(second.sharedInstance().role).toBe('client');
    expect(second.transport.connectedToSharedInstance).toBe(true);
    expect(second.interfaces().find((r) => r.name === 'Unused')?.state).toBe('inactive');
    await until(() => second.interfaces()[0]?.online === true, 5000, 'second attached');

    const heard: AnnounceEvent[] = [];
    third.transport.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e) => heard.push(e) });
    const d = inDestination('attached');
    second.transport.registerDestination(d, { onPacket: () => undefined });
    second.transport.announce(d);
    await until(() => heard.some((e) => Buffer.from(e.destinationHash).equals(Buffer.from(d.hash))), 5000, 'announce at third');
    expect(third.transport.hasPath(d.hash)).toBe(true);
  });

  it('reload starts added blocks, stops removed ones and keeps unchanged ones', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const dir = await configDirWith(standalone(tcpServer('One', p1)));
    const s = stack(dir);
    await s.start();
    const events: number[] = [];
    s.onStatusChange((list) => events.push(list.length));
    await writeFile(path.join(dir, 'config'), standalone(tcpServer('One', p1) + tcpServer('Two', p2)));
    expect(await s.reloadInterfaces()).toEqual({ added: ['Two'], removed: [], restarted: [], failed: [] });
    expect(await connectable(p2)).toBe(true);
    await writeFile(path.join(dir, 'config'), standalone(tcpServer('Two', p2)));
    expect(await s.reloadInterfaces()).toEqual({ added: [], removed: ['One'], restarted: [], failed: [] });
    expect(await connectable(p1)).toBe(false);
    expect(await connectable(p2)).toBe(true);
    expect(s.interfaces().map((r) => r.name)).toEqual(['Two']);
    expect(events.length).toBeGreaterThan(0);
  });

  it('stop() closes every socket and timer it opened', async () => {
    const count = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap' || r === 'Timeout').length;
    const before = count();
    const [p1, shared] = [await freePort(), await freePort()];
    const dir = await configDirWith(`[reticulum]\nshare_instance = Yes\nshared_instance_type = tcp\nshared_instance_port = ${shared}\n[interfaces]\n${tcpServer('One', p1)}`);
    const s = stack(dir);
    await s.start();
    expect(count()).toBeGreaterThan(before);
    await s.stop();
    await until(() => count() <= before, 2000, 'handles released');
    expect(await connectable(p1)).toBe(false);
    expect(await connectable(shared)).toBe(false);
  });

  it('refuses to start beside a unix-socket shared instance it cannot reach, with an actionable message', async () => {
    const dir = await tempDir();
    const proc = path.join(dir, 'unix');
    await writeFile(proc, 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 256435 @rns/default\n');
    expect(await abstractSocketListening('rns/default', proc)).toBe(true);
    expect(await abstractSocketListening('rns/other', proc)).toBe(false);
    const cfgDir = path.join(dir, 'cfg');
    await mkdir(cfgDir);
    await writeFile(path.join(cfgDir, 'config'), '[reticulum]\nshare_instance = Yes\nshared_instance_type = unix\n');
    const err = await stack(cfgDir, { procNetUnixPath: proc, abstractSockets: null }).start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RNS_ERR_SHARED_INSTANCE_UNIX' });
    expect(String((err as Error).message)).toMatch(/shared_instance_type = tcp/);
  });

  it('with transport and respond_to_probes, proves packets sent to rnstransport.probe', async () => {
    const port = await freePort();
    const t = stack(await configDirWith(`[reticulum]\nshare_instance = No\nenable_transport = Yes\nrespond_to_probes = Yes\n[interfaces]\n${tcpServer('Server', port)}`));
    await t.start();
    const a = stack(await configDirWith(standalone(`  [[Up]]\n    type = TCPClientInterface\n    enabled = yes\n    target_host = 127.0.0.1\n    target_port = ${port}\n`)));
    await a.start();
    await until(() => a.interfaces()[0]?.online === true, 5000, 'client online');
    const probeIdentity = Identity.fromPublicBytes(t.transportIdentity!.publicKey);
    const probe = new Destination({ identity: probeIdentity, direction: Direction.OUT, type: DestinationType.SINGLE, appName: 'rnstransport', aspects: ['probe'] });
    expect(Buffer.from(probe.hash).equals(Buffer.from(t.probeDestinationHash!))).toBe(true);
    const receipt = a.transport.sendData(probe, new Uint8Array(16).fill(7));
    expect(await receipt!.done()).toBe(ReceiptStatus.DELIVERED);
  });

  // Needs the native addon (interfaces/unix/native, built by node-gyp at install); without it the
  // fallback above is what runs.
  it.skipIf(!abstractSockets())('offers and attaches over the exact-length abstract unix socket', async () => {
    const instance = `strandtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const cfg = `[reticulum]\nshare_instance = Yes\nshared_instance_type = unix\ninstance_name = ${instance}\n[interfaces]\n`;
    const first = stack(await configDirWith(cfg));
    await first.start();
    expect(first.sharedInstance()).toMatchObject({ role: 'server', type: 'unix', socketName: `rns/${instance}` });
    // The name is listed without NUL padding, exactly as Python's bind() lists it.
    expect(await abstractSocketListening(`rns/${instance}`)).toBe(true);
    const second = stack(await configDirWith(cfg));
    await second.start();
    expect(second.sharedInstance()).toMatchObject({ role: 'client', type: 'unix' });
    const heard: AnnounceEvent[] = [];
    first.transport.registerAnnounceHandler({ aspectFilter: null, onAnnounce: (e) => heard.push(e) });
    const d = inDestination('unix');
    second.transport.registerDestination(d, { onPacket: () => undefined });
    second.transport.announce(d);
    await until(() => heard.some((e) => Buffer.from(e.destinationHash).equals(Buffer.from(d.hash))), 5000, 'announce over unix');
    await second.stop();
    await first.stop();
    expect(await abstractSocketListening(`rns/${instance}`)).toBe(false);
  });
});
