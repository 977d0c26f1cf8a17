// SPDX-License-Identifier: MIT
// The propagation client without a propagation node: the directory built from real
// lxmf.propagation announces between two Strand transports over TCP, manual and automatic
// choice, and the final states of a sync that cannot reach a node. The full upload/sync path runs
// against the reference node in router/router.reference.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { Destination, DestinationType, Direction } from '../../reticulum/destination/index.js';
import { Identity } from '../../reticulum/identity/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { buildPropagationAppData } from '../announce-data.js';
import { MessageState, Method } from '../constants.js';
import type { RouterNode } from '../router/testing.js';
import { tcpPair, until, waitState } from '../router/testing.js';
import { SyncState } from './client.js';

const nodes: RouterNode[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop();
});

function pnDestination(): Destination {
  return new Destination({ identity: Identity.generate(), direction: Direction.IN, type: DestinationType.SINGLE, appName: 'lxmf', aspects: ['propagation'] });
}

const appData = (name: string, nodeState = true, timebase = 1_700_000_000) =>
  buildPropagationAppData({ timebase, nodeState, perTransferLimit: 256, perSyncLimit: 10240, stampCost: 16, stampCostFlexibility: 3, peeringCost: 18, name });

describe('propagation client', () => {
  it('lists announced nodes with metadata and picks one manually or the nearest automatically', async () => {
    const { a, b } = await tcpPair({ timing: { pathRequestWaitMs: 200, retryWaitMs: 200 } });
    nodes.push(b, a);
    const near = pnDestination();
    const off = pnDestination();
    b.transport.announce(near, { appData: appData('Near node') });
    b.transport.announce(off, { appData: appData('Disabled node', false) });
    await until(() => a.router.propagation.nodes.list().length === 2, 5000, 'two PN announces');
    const info = a.router.propagation.nodes.get(near.hash);
    expect(info).toMatchObject({ name: 'Near node', stampCost: 16, stampCostFlexibility: 3, peeringCost: 18, perTransferLimit: 256, nodeState: true, hops: 1 });
    expect(a.router.propagation.node).toBeNull();
    a.router.propagation.useNearest();
    expect(toHex(a.router.propagation.node as Uint8Array)).toBe(toHex(near.hash));
    a.router.propagation.setNode(off.hash);
    expect(toHex(a.router.propagation.node as Uint8Array)).toBe(toHex(off.hash));
    // An older timebase does not overwrite what we know.
    b.transport.announce(near, { appData: appData('Stale name', true, 1_600_000_000) });
    await new Promise((r) => setTimeout(r, 200));
    expect(a.router.propagation.nodes.get(near.hash)?.name).toBe('Near node');
  });

  it('reports NO_PATH for an unreachable node and fails PROPAGATED messages without a node', async () => {
    const { a, b } = await tcpPair({ timing: { pathRequestWaitMs: 100, retryWaitMs: 100 } });
    nodes.push(b, a);
    const states: number[] = [];
    a.router.on('sync', (e) => states.push(e.state));
    expect(await a.router.syncInbound()).toMatchObject({ state: SyncState.FAILED, received: 0 });
    a.router.propagation.setNode(pnDestination().hash);
    expect(await a.router.syncInbound()).toMatchObject({ state: SyncState.NO_PATH });
    expect(states).toEqual([SyncState.FAILED, SyncState.PATH_REQUESTED, SyncState.NO_PATH]);
    // Periodic sync runs on its own (every 50 ms here) and reports each outcome.
    const before = states.length;
    a.router.propagation.setSyncInterval(50);
    await until(() => states.filter((s, i) => i >= before && s === SyncState.NO_PATH).length >= 2, 5000, 'two periodic syncs');
    a.router.propagation.setSyncInterval(null);
    a.router.propagation.setNode(null);
    b.router.announce();
    await until(() => a.known.recall(b.router.deliveryHash) !== null, 5000, 'B known');
    const id = await a.router.send({ destinationHash: b.router.deliveryHash, content: 'nowhere to go', method: Method.PROPAGATED });
    await waitState(a, id, MessageState.FAILED);
    await until(() => a.store.outboundRecord(id)?.state === MessageState.FAILED, 5000, 'failed');
  });
});
