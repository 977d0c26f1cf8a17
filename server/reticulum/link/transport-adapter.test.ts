// SPDX-License-Identifier: MIT
// Links bound to Transport run their timers and deferred work through it: a callback that throws
// when a timer fires, or from work deferred past a reply, is contained (logged, counted) instead
// of ending the process.
import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../identity/index.js';
import type { TestNode } from '../transport/testing/nodes.js';
import { inDestination, makeNode, outDestination, until } from '../transport/testing/nodes.js';
import { MemoryInterface } from '../transport/testing/memory-interface.js';
import { PacketType } from '../wire/constants.js';
import { LinkStatus } from './constants.js';
import { ManualScheduler } from './scheduler.js';
import { listenForLinks, openLink } from './transport-adapter.js';

const started: TestNode[] = [];
afterEach(async () => {
  for (const n of started.splice(0)) await n.t.stop();
});

async function lonelyNode(): Promise<TestNode> {
  const node = makeNode([]);
  await node.t.start();
  started.push(node);
  return node;
}

describe('a link bound to Transport', () => {
  it('contains a callback that throws from a timer: counted as a handler error, the clock runs on', async () => {
    const node = await lonelyNode();
    const scheduler = new ManualScheduler();
    const peer = Identity.generate();
    let closedCalls = 0;
    // Nobody answers (no interface): the establishment watchdog closes the link, and the
    // application's `closed` throws inside that timer.
    const link = openLink(node.t, { hash: outDestination(peer).hash, identity: peer }, {
      scheduler,
      callbacks: {
        closed: () => {
          closedCalls++;
          throw new Error('application bug in closed()');
        },
      },
    });
    expect(link.status).toBe(LinkStatus.PENDING);
    expect(node.t.drops().handler_error ?? 0).toBe(0);

    expect(() => scheduler.advance(link.establishmentTimeout + 1)).not.toThrow();
    expect(link.status).toBe(LinkStatus.CLOSED);
    expect(closedCalls).toBe(1);
    expect(node.t.drops().handler_error).toBe(1);

    // Later timers still fire: a second link times out and is closed the same way.
    const second = openLink(node.t, { hash: outDestination(peer).hash, identity: peer }, { scheduler });
    scheduler.advance(second.establishmentTimeout + 1);
    expect(second.status).toBe(LinkStatus.CLOSED);
  });

  it('contains what a failed key derivation calls: a low-order initiator key closes only that link', async () => {
    const [toB, toA] = MemoryInterface.pair('a to b', 'b to a');
    const a = makeNode([toB]);
    const b = makeNode([toA]);
    for (const n of [a, b]) {
      await n.t.start();
      started.push(n);
    }
    const dest = inDestination('lowkey');
    let closedCalls = 0;
    listenForLinks(b.t, dest, {}, {
      callbacks: {
        closed: () => {
          closedCalls++;
          throw new Error('application bug in closed()');
        },
      },
    });
    // A hostile initiator: its link request carries the X25519 point u = 0, so no shared secret
    // exists. The responder proves first and derives the key in idle time afterwards; that fails,
    // closes the link and calls the application's `closed`, which throws.
    const send = toB.send.bind(toB);
    toB.send = (raw) => {
      const p = raw.slice();
      if ((p[0]! & 0x03) === PacketType.LINKREQUEST) p.fill(0, 19, 19 + 32);
      send(p);
    };
    openLink(a.t, { hash: dest.hash, identity: dest.identity as Identity }, {});
    await until(() => closedCalls === 1, 5000, 'the responder link to close');
    expect(b.t.drops().handler_error).toBe(1);
  });
});
