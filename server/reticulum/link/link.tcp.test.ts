// SPDX-License-Identifier: MIT
// Two Strand nodes over real TCP on 127.0.0.1 (port 0): S serves a destination and accepts links,
// C connects as a TCP client and opens links to it through Transport. Link timers run on a manual
// clock so timeouts are exercised without waiting real seconds; packets move over real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes, sha256 } from '../crypto/index.js';
import type { Identity } from '../identity/index.js';
import { TCPClientInterface } from '../interfaces/tcp-client.js';
import { TCPServerInterface } from '../interfaces/tcp-server.js';
import type { TestNode } from '../transport/testing/nodes.js';
import { inDestination, makeNode, until } from '../transport/testing/nodes.js';
import { toHex } from '../wire/bytes.js';
import type { Packet } from '../wire/packet.js';
import { ResourceStatus } from '../resource/constants.js';
import type { IncomingResource } from '../resource/incoming.js';
import type { OutgoingResource } from '../resource/outgoing.js';
import { LinkStatus } from './constants.js';
import type { Link } from './link.js';
import { RequestHandlers } from './request-handlers.js';
import { ManualScheduler } from './scheduler.js';
import { listenForLinks, openLink } from './transport-adapter.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0).reverse()) await n.t.stop();
});

async function twoNodes() {
  const scheduler = new ManualScheduler();
  const server = new TCPServerInterface({ name: 'S server', listenIp: '127.0.0.1', listenPort: 0 });
  const s = makeNode([server]);
  await s.t.start();
  const client = new TCPClientInterface({ name: 'C to S', targetHost: '127.0.0.1', targetPort: server.port, reconnectWaitMs: 50 });
  const c = makeNode([client]);
  await c.t.start();
  started.push(s, c);
  await until(() => client.online, 5000, 'client connected');
  await new Promise((r) => setTimeout(r, 100));
  const dest = inDestination('links');
  const handlers = new RequestHandlers();
  handlers.register('/echo', ({ data }) => data, { policy: 'all' });
  const serverLinks: Link[] = [];
  const received: IncomingResource[] = [];
  listenForLinks(s.t, dest, { requestHandlers: handlers }, {
    scheduler,
    onLink: (l) => {
      serverLinks.push(l);
      l.setResourceStrategy('all');
      l.resources.onConcluded = (r) => received.push(r);
    },
  });
  s.t.announce(dest);
  await until(() => c.t.hasPath(dest.hash), 5000, 'announce reaches C');
  const peer = { hash: dest.hash, identity: c.known.recall(dest.hash) as Identity };
  const open = async (): Promise<Link> => {
    const link = openLink(c.t, peer, { scheduler });
    await until(() => link.status === LinkStatus.ACTIVE && serverLinks.some((l) => l.hasId(link.linkId) && l.isActive), 5000, 'link up');
    return link;
  };
  return { s, c, scheduler, serverLinks, received, open, server, client };
}

describe('links over TCP between two Strand nodes', () => {
  it('brings a link up with the TCP link MTU (8192) and down from either side', async () => {
    const n = await twoNodes();
    const a = await n.open();
    expect(a.mtu).toBe(8192);
    expect(a.mdu).toBe(8111);
    const sa = n.serverLinks[0] as Link;
    a.teardown();
    await until(() => sa.status === LinkStatus.CLOSED, 5000, 'server side closed');
    const b = await n.open();
    const sb = n.serverLinks[1] as Link;
    sb.teardown();
    await until(() => b.status === LinkStatus.CLOSED, 5000, 'client side closed');
  });

  it('answers 1000 sequential requests', async () => {
    const n = await twoNodes();
    const link = await n.open();
    for (let i = 0; i < 1000; i++) {
      const response = await new Promise((resolve, reject) => {
        link.request('/echo', i, { response: (r) => resolve(r.response), failed: () => reject(new Error(`request ${i} failed`)) });
      });
      expect(response).toBe(i);
    }
    expect(link.pendingRequests.size).toBe(0);
  }, 60_000);

  it('detects a part corrupted on the wire and re-requests it', async () => {
    const n = await twoNodes();
    const link = await n.open();
    const send = n.c.t.send.bind(n.c.t);
    let corrupted = 0;
    n.c.t.send = (p: Packet, opts) => {
      if (p.context === 0x01 && corrupted++ === 3) {
        const data = p.data.slice();
        data[100] = (data[100] as number) ^ 0x55;
        return send({ ...p, data }, opts);
      }
      return send(p, opts);
    };
    const data = randomBytes(200_000);
    await link.sendResource(data, { autoCompress: false });
    // The receiver notices only when its part timeout fires, which runs on the manual clock.
    // Manual time moves slowly relative to real time, so a loaded machine's slow loopback is not
    // mistaken for lost parts (16 silent retries would cancel the transfer).
    for (let i = 0; i < 2000 && n.received.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      n.scheduler.advance(0.02);
    }
    expect(corrupted).toBeGreaterThan(3);
    expect(n.received[0]?.status).toBe(ResourceStatus.COMPLETE);
    expect(toHex(sha256(n.received[0]?.data as Uint8Array))).toBe(toHex(sha256(data)));
  }, 30_000);

  it('5 MiB resource with the receiving node killed halfway: both ends clean up', async () => {
    const n = await twoNodes();
    const link = await n.open();
    const sl = n.serverLinks[0] as Link;
    let outcome: OutgoingResource | null = null;
    await link.sendResource(randomBytes(5 * 1024 * 1024), { autoCompress: false, onConcluded: (r) => (outcome = r) });
    // Two of five segments stored on the receiver, the third in flight: roughly halfway.
    await until(() => sl.resources.heldBytes > 2_000_000, 20_000, 'halfway');
    expect(sl.resources.incoming.size + sl.resources.heldBytes).toBeGreaterThan(0);
    await n.s.t.stop(); // the receiving node dies: its sockets close, nothing more is answered
    for (let i = 0; i < 200 && !(link.status === LinkStatus.CLOSED && sl.status === LinkStatus.CLOSED && outcome); i++) {
      await new Promise((r) => setTimeout(r, 2));
      n.scheduler.advance(1);
    }
    expect((outcome as OutgoingResource | null)?.status).toBe(ResourceStatus.FAILED);
    for (const l of [link, sl]) {
      expect(l.status).toBe(LinkStatus.CLOSED);
      expect(l.resources.incoming.size + l.resources.outgoing.size).toBe(0);
      expect(l.resources.heldBytes).toBe(0);
    }
    expect(n.scheduler.pending).toBe(0);
  }, 60_000);
});
