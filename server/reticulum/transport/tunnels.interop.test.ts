// SPDX-License-Identifier: MIT
// Tunnels against the Python reference (RNS 1.4.2), run only when RNS_REFERENCE_PATH is set. Both
// directions: our TCP client synthesizes a tunnel at a reference transport node (which logs it and,
// when we reconnect, restores our path over the new socket), and a reference TCP client
// synthesizes one at ours (we restore its path when it comes back with the same identity).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/index.js';
import { Identity, KnownIdentities } from '../identity/index.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { concatBytes, fromHex, toHex } from '../wire/bytes.js';
import { inDestination, makeNode, until } from './testing/nodes.js';
import { Transport } from './transport.js';

const REF = process.env.RNS_REFERENCE_PATH;
const PYTHON = process.env.RNS_PYTHON ?? '/usr/bin/python3';

// A reference transport node with one TCP interface: a server on an ephemeral port, or a client.
const REFERENCE_NODE = String.raw`
import json, os, sys, threading
import RNS
cfgdir, role, port = sys.argv[1:4]
if role == "server": iface = ["  [[Ref server]]", "    type = TCPServerInterface", "    enabled = yes", "    listen_ip = 127.0.0.1", "    listen_port = 0"]
else: iface = ["  [[Ref client]]", "    type = TCPClientInterface", "    enabled = yes", "    target_host = 127.0.0.1", "    target_port = " + port]
open(os.path.join(cfgdir, "config"), "w").write("\n".join([
  "[reticulum]", "  enable_transport = Yes", "  share_instance = No", "[logging]", "  loglevel = 7", "[interfaces]"] + iface) + "\n")
lock = threading.Lock()
def emit(**kw):
    with lock: sys.stdout.write(json.dumps(kw) + "\n"); sys.stdout.flush()
RNS.Reticulum(configdir=cfgdir, loglevel=7)
main = [i for i in RNS.Transport.interfaces if str(i).startswith("TCP")][0]
if role == "server": emit(event="ready", port=main.server.server_address[1])
else: emit(event="ready", tunnel=RNS.Identity.full_hash(RNS.Transport.identity.get_public_key() + main.get_hash()).hex())
dest = None
def tunnels():
    # The transport thread edits these tables while we read them: copy under its lock.
    with RNS.Transport.tunnels_lock:
        return {t.hex(): [p.hex() for p in list(e[2].keys())] for t, e in list(RNS.Transport.tunnels.items())}
for line in sys.stdin:
    cmd, *args = line.split()
    if cmd == "tunnels": emit(event="tunnels", tunnels=tunnels())
    elif cmd == "path":
        h = bytes.fromhex(args[0])
        emit(event="path", found=RNS.Transport.has_path(h), via=str(RNS.Transport.next_hop_interface(h)) if RNS.Transport.has_path(h) else None)
    elif cmd == "announce":
        dest = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "strandtest", "tunnel")
        dest.announce()
        emit(event="announced", dest=dest.hash.hex())
os._exit(0)
`;

type Event = { event: string; [k: string]: unknown };

function reference(dir: string, role: 'server' | 'client', port = 0) {
  const proc: ChildProcessWithoutNullStreams = spawn(PYTHON, ['-c', REFERENCE_NODE, dir, role, String(port)], { env: { ...process.env, PYTHONPATH: REF } });
  const events: Event[] = [];
  const log: string[] = [];
  proc.stderr.on('data', () => undefined);
  // RNS logs to stdout too; our events are the JSON lines.
  readline.createInterface({ input: proc.stdout }).on('line', (l) => {
    if (l.startsWith('{')) events.push(JSON.parse(l) as Event);
    else log.push(l);
  });
  const ask = async (cmd: string, event: string): Promise<Event> => {
    const before = events.length;
    proc.stdin.write(`${cmd}\n`);
    await until(() => events.slice(before).some((e) => e.event === event), 15000, `reference ${cmd}`);
    return events.slice(before).find((e) => e.event === event) as Event;
  };
  const close = async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.stdin.end();
    proc.kill();
    await exited;
  };
  return { events, log, ask, close };
}

describe.skipIf(!REF)('tunnels with the reference', () => {
  it('our TCP client synthesizes a tunnel at a reference node, which restores our path when we reconnect', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-tunnel-interop-'));
    const ref = reference(dir, 'server');
    const running: Transport[] = [];
    try {
      await until(() => ref.events.some((e) => e.event === 'ready'), 20000, 'reference ready');
      const port = Number(ref.events.find((e) => e.event === 'ready')?.port);
      const identity = Identity.generate();
      const connect = async () => {
        const iface = new TCPClientInterface({ name: 'Strand', targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 100 });
        const t = new Transport({ knownIdentities: new KnownIdentities(), transportIdentity: identity }, { interfaces: [iface], jobIntervalMs: 50 });
        await t.start();
        running.push(t);
        return t;
      };
      const expectedId = toHex(sha256(concatBytes(identity.publicKey, sha256(new TextEncoder().encode(`TCPInterface[Strand/127.0.0.1:${port}]`)))));
      const tunnels = async () => (await ref.ask('tunnels', 'tunnels')).tunnels as Record<string, string[]>;

      const first = await connect();
      await until(() => ref.log.some((l) => l.includes(`Tunnel endpoint <${expectedId}> established`)), 10000, 'the reference logs our tunnel');
      const dest = inDestination('tunnelled');
      first.registerDestination(dest, { onPacket: () => undefined });
      first.announce(dest);
      let paths: string[] = [];
      for (let i = 0; i < 50 && !paths.includes(dest.hexHash); i++) {
        paths = (await tunnels())[expectedId] ?? [];
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(paths).toContain(dest.hexHash);
      const via = (await ref.ask(`path ${dest.hexHash}`, 'path')).via;

      await first.stop();
      await connect();
      await until(() => ref.log.some((l) => l.includes(`Tunnel endpoint <${expectedId}> reappeared`)), 10000, 'the reference sees the tunnel reappear');
      // No new announce: the path now runs over the new connection.
      const restored = await ref.ask(`path ${dest.hexHash}`, 'path');
      expect(restored.found).toBe(true);
      expect(restored.via).not.toBe(via);
      expect(ref.log.some((l) => l.includes(`Restored path to <${dest.hexHash}>`))).toBe(true);
    } finally {
      for (const t of running) await t.stop();
      await ref.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('a reference TCP client synthesizes a tunnel at our node; we restore its path when it comes back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-tunnel-interop-'));
    const server = new TCPServerInterface({ name: 'T', listenIp: '127.0.0.1', listenPort: 0 });
    const t = makeNode([server], { transport: true });
    await t.t.start();
    try {
      // The same config directory twice: the same transport identity and interface, so the same tunnel.
      const run1 = reference(dir, 'client', server.port);
      await until(() => run1.events.some((e) => e.event === 'ready'), 20000, 'reference ready');
      const id = String(run1.events.find((e) => e.event === 'ready')?.tunnel);
      await until(() => t.t.tunnels.has(id), 10000, 'the reference tunnel at our node');
      const dest = fromHex(String((await run1.ask('announce', 'announced')).dest));
      await until(() => t.t.hasPath(dest), 10000, 'the reference announce');
      await run1.close();
      await until(() => !t.t.hasPath(dest), 10000, 'the path of the closed connection dropped');

      const run2 = reference(dir, 'client', server.port);
      try {
        await until(() => run2.events.some((e) => e.event === 'ready'), 20000, 'reference ready again');
        expect(run2.events.find((e) => e.event === 'ready')?.tunnel).toBe(id);
        await until(() => t.t.hasPath(dest), 10000, 'the path restored without an announce');
        expect(t.t.hopsTo(dest)).toBe(1);
        expect(t.t.tunnels.size).toBe(1);
      } finally {
        await run2.close();
      }
    } finally {
      await t.t.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
