// SPDX-License-Identifier: MIT
// Links and resources against the Python reference (RNS 1.4.2), run only when RNS_REFERENCE_PATH
// is set. The reference listens on TCP (port picked here), Strand connects. Both directions: a
// Strand link with 100 requests, a 20 kB request/response pair (resources) and a 5 MiB resource
// to the reference; then the reference links to Strand, makes a request and sends 5 MiB.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes, sha256 } from '../crypto/index.js';
import { Destination, DestinationType, Direction } from '../destination/index.js';
import { Identity, KnownIdentities } from '../identity/index.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { Transport } from '../transport/index.js';
import { fromHex, toHex } from '../wire/bytes.js';
import { ResourceStatus } from '../resource/constants.js';
import type { IncomingResource } from '../resource/incoming.js';
import type { Link } from './link.js';
import { RequestHandlers } from './request-handlers.js';
import { listenForLinks, openLink } from './transport-adapter.js';

const REF = process.env.RNS_REFERENCE_PATH;
const PYTHON = process.env.RNS_PYTHON ?? '/usr/bin/python3';

const REFERENCE_PEER = String.raw`
import sys, os, time, hashlib, threading
import RNS
port = int(sys.argv[1]); cfg = sys.argv[2]
os.makedirs(cfg, exist_ok=True)
open(os.path.join(cfg, "config"), "w").write(f"""
[reticulum]
  enable_transport = No
  share_instance = No
  panic_on_interface_error = No
[logging]
  loglevel = 2
[interfaces]
  [[TCP Server]]
    type = TCPServerInterface
    enabled = yes
    listen_ip = 127.0.0.1
    listen_port = {port}
""")
def ev(*a):
    print("EVENT", *a, flush=True)
r = RNS.Reticulum(configdir=cfg)
ident = RNS.Identity()
dest = RNS.Destination(ident, RNS.Destination.IN, RNS.Destination.SINGLE, "strandlive", "py")
def echo(path, data, request_id, link_id, remote_identity, requested_at):
    return data
dest.register_request_handler("/echo", response_generator=echo, allow=RNS.Destination.ALLOW_ALL)
started = {}
def res_started(res):
    started[res.hash] = time.time(); ev("PY_RES_STARTED", res.hash.hex()[:8], res.segment_index, res.total_segments, "%.3f" % time.time())
def res_done(res):
    if res.status == RNS.Resource.COMPLETE:
        data = res.data.read()
        ev("PY_RECEIVED_RESOURCE", len(data), hashlib.sha256(data).hexdigest(), "%.3f" % (time.time() - started.get(res.hash, time.time())))
    else:
        ev("PY_RESOURCE_FAILED", res.status, res.hash.hex()[:8], res.segment_index, "%.3f" % time.time())
def established(link):
    ev("PY_LINK_ESTABLISHED", link.link_id.hex(), "mtu", link.mtu, "rtt", "%.4f" % link.rtt)
    link.set_resource_strategy(RNS.Link.ACCEPT_ALL)
    link.set_resource_started_callback(res_started)
    link.set_resource_concluded_callback(res_done)
    link.set_link_closed_callback(lambda l: ev("PY_LINK_CLOSED", l.teardown_reason))
dest.set_link_established_callback(established)

class Handler:
    aspect_filter = "strandlive.ts"
    def received_announce(self, destination_hash, announced_identity, app_data):
        ev("PY_SAW_STRAND_ANNOUNCE", destination_hash.hex())
        threading.Thread(target=push, args=(destination_hash, announced_identity), daemon=True).start()
done_push = set()
def push(dh, identity):
    if dh in done_push: return
    done_push.add(dh)
    out = RNS.Destination(identity, RNS.Destination.OUT, RNS.Destination.SINGLE, "strandlive", "ts")
    t0 = time.time()
    link = RNS.Link(out)
    while link.status != RNS.Link.ACTIVE:
        if link.status == RNS.Link.CLOSED: ev("PY_OUT_LINK_FAILED"); return
        time.sleep(0.001)
    ev("PY_OUT_LINK_ACTIVE", "%.4f" % (time.time() - t0), "mtu", link.mtu)
    # a request to the Strand side
    got = {}
    link.request("/echo", b"from python", response_callback=lambda rr: got.setdefault("r", rr.response), failed_callback=lambda rr: got.setdefault("r", None))
    while "r" not in got: time.sleep(0.01)
    ev("PY_REQUEST_RESPONSE", got["r"])
    data = os.urandom(5 * 1024 * 1024)
    ev("PY_SENDING", len(data), hashlib.sha256(data).hexdigest())
    t1 = time.time(); fin = {}
    RNS.Resource(data, link, callback=lambda res: fin.setdefault("s", res.status))
    while "s" not in fin: time.sleep(0.01)
    ev("PY_SENT_RESOURCE", "status", fin["s"], "%.3f" % (time.time() - t1))
    link.teardown()
RNS.Transport.register_announce_handler(Handler())
ev("PY_READY", dest.hash.hex())
last = 0
while True:
    if time.time() - last > 2:
        dest.announce(); last = time.time()
    time.sleep(0.1)
`;

const cleanup: (() => void)[] = [];
afterAll(() => {
  for (const f of cleanup.splice(0)) f();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(get: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('links and resources against the Python reference', () => {
  it.skipIf(!REF)('both directions: links, requests and 5 MiB resources', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strand-link-ref-'));
    const script = path.join(dir, 'peer.py');
    writeFileSync(script, REFERENCE_PEER);
    const port = await freePort();
    const py: ChildProcessWithoutNullStreams = spawn(PYTHON, [script, String(port), path.join(dir, 'cfg')], { env: { ...process.env, PYTHONPATH: REF } });
    cleanup.push(() => py.kill(), () => rmSync(dir, { recursive: true, force: true }));
    const events: string[][] = [];
    let buf = '';
    py.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('EVENT ')) events.push(l.slice(6).split(' '));
    });
    const event = (name: string) => waitFor(() => events.find((e) => e[0] === name), 60_000, name);
    const ready = await event('PY_READY');
    const known = new KnownIdentities();
    const client = new TCPClientInterface({ name: 'to reference', targetHost: '127.0.0.1', targetPort: port, reconnectWaitMs: 100 });
    const t = new Transport({ knownIdentities: known }, { interfaces: [client] });
    await t.start();
    cleanup.push(() => void t.stop());
    const pyHash = fromHex(ready[1] as string);
    await waitFor(() => (t.hasPath(pyHash) ? true : undefined), 30_000, 'path to the reference');
    const peer = { hash: pyHash, identity: known.recall(pyHash) as Identity };

    const link: Link = await new Promise((resolve) => openLink(t, peer, { callbacks: { established: (l) => resolve(l) } }));
    expect(link.mtu).toBe(8192);
    for (let i = 0; i < 100; i++) {
      const v = await new Promise((resolve, reject) => link.request('/echo', i, { response: (r) => resolve(r.response), failed: () => reject(new Error('request failed')) }));
      expect(v).toBe(i);
    }
    const payload = randomBytes(20_000);
    const echoed = await new Promise((resolve, reject) => link.request('/echo', payload, { response: (r) => resolve(r.response), failed: () => reject(new Error('big request failed')) }));
    expect(toHex(echoed as Uint8Array)).toBe(toHex(payload));
    const data = randomBytes(5 * 1024 * 1024);
    const status = await new Promise<number>((resolve) => void link.sendResource(data, { onConcluded: (r) => resolve(r.status) }));
    expect(status).toBe(ResourceStatus.COMPLETE);
    const got = await event('PY_RECEIVED_RESOURCE');
    expect(got.slice(1, 3)).toEqual([String(data.length), toHex(sha256(data))]);
    link.teardown();
    await event('PY_LINK_CLOSED');

    const handlers = new RequestHandlers();
    handlers.register('/echo', ({ data: d }) => d, { policy: 'all' });
    const dest = new Destination({ identity: Identity.generate(), direction: Direction.IN, type: DestinationType.SINGLE, appName: 'strandlive', aspects: ['ts'] });
    let received: IncomingResource | undefined;
    listenForLinks(t, dest, { requestHandlers: handlers }, {
      onLink: (l) => {
        l.setResourceStrategy('all');
        l.resources.onConcluded = (r) => (received = r);
      },
    });
    t.announce(dest);
    expect((await event('PY_REQUEST_RESPONSE')).slice(1).join(' ')).toBe("b'from python'");
    const sending = await event('PY_SENDING');
    const res = await waitFor(() => received, 120_000, 'resource from the reference');
    expect(res.status).toBe(ResourceStatus.COMPLETE);
    expect(toHex(sha256(res.data as Uint8Array))).toBe(sending[2]);
    expect((await event('PY_SENT_RESOURCE'))[2]).toBe(String(ResourceStatus.COMPLETE));
  }, 180_000);
});
