// SPDX-License-Identifier: MIT
// Transport against the Python reference (RNS 1.4.2), run only when RNS_REFERENCE_PATH is set.
// The reference connects as a TCP client to our node. Both directions: its announce gives us a
// path and our packet gets its (implicit) proof; our announce gives it a path and its packet gets
// our proof; its path request for a destination we never announced gets our PATH_RESPONSE.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../identity/index.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import { fromHex } from '../wire/bytes.js';
import { ReceiptStatus } from './receipts.js';
import type { TestNode } from './testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from './testing/nodes.js';

const REF = process.env.RNS_REFERENCE_PATH;
const PYTHON = process.env.RNS_PYTHON ?? '/usr/bin/python3';

const REFERENCE_NODE = String.raw`
import json, os, sys, threading, time
import RNS
cfgdir, port, target_aspect = sys.argv[1:4]
open(os.path.join(cfgdir, "config"), "w").write("\n".join([
  "[reticulum]", "  enable_transport = No", "  share_instance = No", "[logging]", "  loglevel = 2", "[interfaces]",
  "  [[Strand]]", "    type = TCPClientInterface", "    enabled = yes", "    target_host = 127.0.0.1", "    target_port = " + port]) + "\n")
lock = threading.Lock()
def emit(**kw):
    with lock: sys.stdout.write(json.dumps(kw) + "\n"); sys.stdout.flush()
RNS.Reticulum(configdir=cfgdir, loglevel=2)
dest = RNS.Destination(RNS.Identity(), RNS.Destination.IN, RNS.Destination.SINGLE, "strandtest", "pyside")
dest.set_proof_strategy(RNS.Destination.PROVE_ALL)
dest.set_packet_callback(lambda data, packet: emit(event="packet", data=data.hex(), hops=packet.hops))
emit(event="ready", dest=dest.hash.hex())
def send(h):
    h = bytes.fromhex(h)
    deadline = time.time() + 10
    while not RNS.Transport.has_path(h) and time.time() < deadline: time.sleep(0.05)
    identity = RNS.Identity.recall(h)
    if identity is None: return emit(event="error", why="no identity")
    out = RNS.Destination(identity, RNS.Destination.OUT, RNS.Destination.SINGLE, "strandtest", target_aspect)
    receipt = RNS.Packet(out, b"from python").send()
    receipt.set_delivery_callback(lambda r: emit(event="delivered"))
    receipt.set_timeout_callback(lambda r: emit(event="timeout"))
    # Our proof can arrive before the callbacks are set (another thread reads the socket).
    if receipt.status == RNS.PacketReceipt.DELIVERED: emit(event="delivered")
def request(h):
    h = bytes.fromhex(h)
    RNS.Transport.request_path(h)
    deadline = time.time() + 10
    while not RNS.Transport.has_path(h) and time.time() < deadline: time.sleep(0.05)
    emit(event="path", found=RNS.Transport.has_path(h), hops=RNS.Transport.hops_to(h))
for line in sys.stdin:
    cmd, *args = line.split()
    if cmd == "announce": dest.announce()
    elif cmd == "send": threading.Thread(target=send, args=(args[0],)).start()
    elif cmd == "request": threading.Thread(target=request, args=(args[0],)).start()
os._exit(0)
`;

type Event = { event: string; [k: string]: unknown };

describe.skipIf(!REF)('Transport interop with the reference over TCP', () => {
  let dir = '';
  let py: ChildProcessWithoutNullStreams;
  let node: TestNode;
  const events: Event[] = [];
  const got: string[] = [];
  const interop = inDestination('interop');
  const unannounced = inDestination('quiet');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'strand-transport-interop-'));
    const server = new TCPServerInterface({ name: 'srv', listenIp: '127.0.0.1', listenPort: 0 });
    node = makeNode([server]);
    node.t.registerDestination(interop, { onPacket: (d) => got.push(new TextDecoder().decode(d)) });
    node.t.registerDestination(unannounced, { onPacket: () => undefined });
    await node.t.start();
    py = spawn(PYTHON, ['-c', REFERENCE_NODE, dir, String(server.port), 'interop'], { env: { ...process.env, PYTHONPATH: REF } });
    py.stderr.on('data', () => undefined);
    // RNS logs to stdout too; our events are the JSON lines.
    readline.createInterface({ input: py.stdout }).on('line', (l) => {
      if (l.startsWith('{')) events.push(JSON.parse(l) as Event);
    });
    await until(() => events.some((e) => e.event === 'ready'), 20000, 'reference ready');
    await new Promise((r) => setTimeout(r, 500)); // let the TCP connection settle
  }, 30000);

  afterAll(async () => {
    if (py) {
      const exited = new Promise((r) => py.once('exit', r));
      py.stdin.end();
      py.kill();
      await exited;
    }
    await node?.t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns the reference announce and gets its proof for our packet', async () => {
    const pyDest = fromHex(String(events.find((e) => e.event === 'ready')?.dest));
    py.stdin.write('announce\n');
    await until(() => node.t.hasPath(pyDest), 10000, 'reference announce');
    expect(node.t.hopsTo(pyDest)).toBe(1);
    const receipt = node.t.sendData(outDestination(node.known.recall(pyDest) as Identity, 'pyside'), new TextEncoder().encode('from strand'));
    expect(await receipt?.done()).toBe(ReceiptStatus.DELIVERED);
    await until(() => events.some((e) => e.event === 'packet'), 5000, 'reference got the packet');
    expect(events.find((e) => e.event === 'packet')?.data).toBe(Buffer.from('from strand').toString('hex'));
  }, 20000);

  it('is accepted by the reference: our announce, our proof, our path response', async () => {
    node.t.announce(interop);
    py.stdin.write(`send ${interop.hexHash}\n`);
    await until(() => events.some((e) => e.event === 'delivered' || e.event === 'timeout' || e.event === 'error'), 15000, 'reference receipt');
    expect(events.some((e) => e.event === 'delivered')).toBe(true);
    expect(got).toEqual(['from python']);
    py.stdin.write(`request ${unannounced.hexHash}\n`);
    await until(() => events.some((e) => e.event === 'path'), 15000, 'reference path request');
    expect(events.find((e) => e.event === 'path')).toMatchObject({ found: true, hops: 1 });
  }, 30000);
});

/** One reference endpoint process connected to `port`; events accumulate in `events`. */
function referenceEndpoint(port: number, targetAspect: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'strand-transport-interop-'));
  const proc = spawn(PYTHON, ['-c', REFERENCE_NODE, dir, String(port), targetAspect], { env: { ...process.env, PYTHONPATH: REF } });
  const events: Event[] = [];
  proc.stderr.on('data', () => undefined);
  readline.createInterface({ input: proc.stdout }).on('line', (l) => {
    if (l.startsWith('{')) events.push(JSON.parse(l) as Event);
  });
  const close = async () => {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.stdin.end();
    proc.kill();
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  return { proc, events, close };
}

describe.skipIf(!REF)('our transport node between two reference endpoints', () => {
  it('forwards announces, a packet and its proof between them (HEADER_2 from the reference)', async () => {
    const server = new TCPServerInterface({ name: 'T', listenIp: '127.0.0.1', listenPort: 0 });
    const t = makeNode([server], { transport: true });
    await t.t.start();
    const a = referenceEndpoint(server.port, 'pyside');
    const b = referenceEndpoint(server.port, 'pyside');
    try {
      await until(() => a.events.some((e) => e.event === 'ready') && b.events.some((e) => e.event === 'ready'), 20000, 'references ready');
      await new Promise((r) => setTimeout(r, 500));
      const bDest = String(b.events.find((e) => e.event === 'ready')?.dest);
      b.proc.stdin.write('announce\n');
      await until(() => t.t.hasPath(fromHex(bDest)), 10000, 'T learns B');
      a.proc.stdin.write(`send ${bDest}\n`);
      await until(() => a.events.some((e) => ['delivered', 'timeout', 'error'].includes(e.event)), 20000, 'A receipt');
      expect(a.events.some((e) => e.event === 'delivered')).toBe(true);
      // B heard it two hops away: A → T → B.
      expect(b.events.find((e) => e.event === 'packet')).toMatchObject({ data: Buffer.from('from python').toString('hex'), hops: 2 });
      expect(t.t.stats().forwarding?.forwarded).toBeGreaterThanOrEqual(2);
    } finally {
      await a.close();
      await b.close();
      await t.t.stop();
    }
  }, 40000);
});
