// SPDX-License-Identifier: MIT
// Interop with the Python reference (RNS 1.4.2), run only when RNS_REFERENCE_PATH is set.
// One reference instance has a TCPServerInterface (plain and with IFAC), a TCPClientInterface to
// each of our servers, and a TCP shared instance; our clients and LocalClientInterface attach to it.
// Its announce must reach all five of our interfaces, and announces we send on each must be
// accepted by it (which also proves our IFAC masking, since the reference verifies it).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './compliance.suite.js';
import type { NetworkInterface } from './interface.js';
import { LocalClientInterface } from './local.js';
import { TCPClientInterface } from './tcp-client.js';
import { TCPServerInterface } from './tcp-server.js';

const REF = process.env.RNS_REFERENCE_PATH;
const PYTHON = process.env.RNS_PYTHON ?? '/usr/bin/python3';
const IFAC = { networkName: 'strandtest', passphrase: 's3cret' };

// Writes a config, starts RNS, prints announces it accepts as JSON lines; "announce" on stdin
// makes it announce its own destination; "gen N" prints N fresh announces of throwaway identities.
const REFERENCE_NODE = String.raw`
import json, os, sys, threading
import RNS
cfgdir, srv, srv_ifac, cli, cli_ifac, shared, control = sys.argv[1:8]
ifac = ["    network_name = strandtest", "    passphrase = s3cret"]
lines = ["[reticulum]", "  enable_transport = No", "  share_instance = Yes", "  shared_instance_type = tcp",
  "  shared_instance_port = " + shared, "  instance_control_port = " + control, "[logging]", "  loglevel = 2", "[interfaces]",
  "  [[S]]", "    type = TCPServerInterface", "    enabled = yes", "    listen_ip = 127.0.0.1", "    listen_port = " + srv,
  "  [[SI]]", "    type = TCPServerInterface", "    enabled = yes", "    listen_ip = 127.0.0.1", "    listen_port = " + srv_ifac] + ifac + [
  "  [[C]]", "    type = TCPClientInterface", "    enabled = yes", "    target_host = 127.0.0.1", "    target_port = " + cli,
  "  [[CI]]", "    type = TCPClientInterface", "    enabled = yes", "    target_host = 127.0.0.1", "    target_port = " + cli_ifac] + ifac
open(os.path.join(cfgdir, "config"), "w").write("\n".join(lines) + "\n")
lock = threading.Lock()
def emit(**kw):
    with lock: sys.stdout.write(json.dumps(kw) + "\n"); sys.stdout.flush()
RNS.Reticulum(configdir=cfgdir, loglevel=2)
class H:
    aspect_filter = None
    def received_announce(self, destination_hash, announced_identity, app_data):
        emit(event="announce", dest=destination_hash.hex())
RNS.Transport.register_announce_handler(H())
dest = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "strandtest", "interop")
emit(event="ready", dest=dest.hash.hex())
for line in sys.stdin:
    if line.strip() == "announce": dest.announce()
os._exit(0)
`;

const GENERATE_ANNOUNCES = String.raw`
import json, os, sys, tempfile
import RNS
d = tempfile.mkdtemp()
open(os.path.join(d, "config"), "w").write("[reticulum]\n  share_instance = No\n[logging]\n  loglevel = 1\n[interfaces]\n")
RNS.Reticulum(configdir=d, loglevel=1)
out = []
for i in range(int(sys.argv[1])):
    dest = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "strandtest", "gen", str(i))
    p = dest.announce(send=False); p.pack()
    out.append({"dest": dest.hash.hex(), "raw": p.raw.hex()})
print(json.dumps(out))
`;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.skipIf(!REF)('interop with the reference over TCP, IFAC and the shared instance', () => {
  let dir = '';
  let ref: ChildProcessWithoutNullStreams | null = null;
  const events: Array<{ event: string; dest?: string }> = [];
  const received = new Map<string, Uint8Array[]>();
  const ours: Array<[string, NetworkInterface]> = [];

  const collect = (label: string) => ({
    onPacket: (p: Uint8Array) => received.set(label, [...(received.get(label) ?? []), p]),
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'strand-interop-'));
    const server = new TCPServerInterface({ name: 'ourServer', listenIp: '127.0.0.1', listenPort: 0 });
    const serverIfac = new TCPServerInterface({ name: 'ourServerIfac', listenIp: '127.0.0.1', listenPort: 0, ifac: IFAC });
    server.attach(collect('ourServer'));
    serverIfac.attach(collect('ourServerIfac'));
    await server.start();
    await serverIfac.start();
    const [srv, srvIfac, shared, control] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    ref = spawn(PYTHON, ['-c', REFERENCE_NODE, dir, String(srv), String(srvIfac), String(server.port), String(serverIfac.port), String(shared), String(control)], {
      env: { ...process.env, PYTHONPATH: REF },
    });
    // RNS logs to stdout as well; only our JSON lines start with '{'.
    readline.createInterface({ input: ref.stdout }).on('line', (l) => {
      if (l.startsWith('{')) events.push(JSON.parse(l) as { event: string });
    });
    await waitFor(() => events.some((e) => e.event === 'ready'), 30_000, 'reference ready');
    const client = new TCPClientInterface({ name: 'ourClient', targetHost: '127.0.0.1', targetPort: srv });
    const clientIfac = new TCPClientInterface({ name: 'ourClientIfac', targetHost: '127.0.0.1', targetPort: srvIfac, ifac: IFAC });
    const local = new LocalClientInterface({ port: shared });
    client.attach(collect('ourClient'));
    clientIfac.attach(collect('ourClientIfac'));
    local.attach(collect('ourLocal'));
    await Promise.all([client.start(), clientIfac.start(), local.start()]);
    ours.push(['ourClient', client], ['ourClientIfac', clientIfac], ['ourServer', server], ['ourServerIfac', serverIfac], ['ourLocal', local]);
    await waitFor(() => client.online && clientIfac.online && local.online && server.clients().length === 1 && serverIfac.clients().length === 1, 15_000, 'all connected');
  }, 60_000);

  afterAll(async () => {
    for (const [, i] of ours) await i.stop();
    if (ref) {
      const exited = new Promise((r) => ref!.once('exit', r));
      ref.stdin.end();
      ref.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers the reference's announce on every interface as a valid frame", async () => {
    const dest = events.find((e) => e.event === 'ready')!.dest!;
    const labels = ours.map(([l]) => l);
    const missing = () => labels.filter((l) => !(received.get(l) ?? []).some((p) => hex(p.subarray(2, 18)) === dest));
    // Our side sees a connection as soon as the kernel accepts it; the reference registers the
    // interface it spawns for it from its own thread a little later, and an announce made before
    // that never goes out there. So it announces again every 2 s until every interface has it.
    ref!.stdin.write('announce\n');
    const again = setInterval(() => ref!.stdin.write('announce\n'), 2_000);
    await waitFor(() => missing().length === 0, 15_000, 'announce everywhere')
      .catch((e: Error) => {
        throw new Error(`${e.message}; not on: ${missing().join(', ')}`);
      })
      .finally(() => clearInterval(again));
    for (const l of labels) {
      const p = (received.get(l) ?? []).find((x) => hex(x.subarray(2, 18)) === dest)!;
      expect(p[0]! & 0x83).toBe(0x01); // HEADER_1, ANNOUNCE, IFAC flag removed
    }
  });

  it('gets announces sent on each of our interfaces accepted by the reference', async () => {
    const anns = JSON.parse(execFileSync(PYTHON, ['-c', GENERATE_ANNOUNCES, String(ours.length)], { env: { ...process.env, PYTHONPATH: REF } }).toString()) as Array<{
      dest: string;
      raw: string;
    }>;
    ours.forEach(([, iface], i) => iface.send(Uint8Array.from(Buffer.from(anns[i]!.raw, 'hex'))));
    await waitFor(() => anns.every((a) => events.some((e) => e.event === 'announce' && e.dest === a.dest)), 15_000, 'reference accepted all');
  });
});
