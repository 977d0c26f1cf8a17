// SPDX-License-Identifier: MIT
// The LXMF scenarios of PROTOCOL.md §1 as one suite, run against any pair of bridges (Strand ↔ Strand
// in every test run; Strand ↔ the Python reference, both directions, when the reference is present):
// announce discovery, opportunistic with proof, direct, direct over a resource, a file attachment
// round trip, text plus attachment over a resource, and propagated via a reference propagation node.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeClient } from './bridge-client.js';
import type { BridgeKind } from './bridge-client.js';

export async function until(cond: () => Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function received(bridge: BridgeClient, messageHash: string, ms?: number): Promise<Record<string, unknown>> {
  let found: Record<string, unknown> | undefined;
  await until(async () => {
    const { messages } = (await bridge.call('lxmf_get_received_messages', { since_seq: 0 })) as { messages: Record<string, unknown>[] };
    found = messages.find((m) => m.message_hash === messageHash);
    return found !== undefined;
  }, `message ${messageHash}`, ms);
  return found as Record<string, unknown>;
}

async function delivered(bridge: BridgeClient, messageHash: string, ms?: number): Promise<void> {
  await until(async () => (await bridge.call('lxmf_get_message_state', { message_hash: messageHash })).state === 'delivered', 'state delivered', ms);
}

export interface ScenarioOptions {
  /** The propagated scenario needs the reference propagation node (reference-node.py) at this path. */
  referenceNode?: string | undefined;
  /** Per-wait limit; the Python stack paces its outbound queue, so its pairs get more time. */
  waitMs?: number;
}

/** Registers the whole suite for sender A of `kinds[0]` and receiver B of `kinds[1]`. */
export function lxmfScenarios(kinds: readonly [BridgeKind, BridgeKind], options: ScenarioOptions = {}): void {
  const ms = options.waitMs ?? 8000;
  let a: BridgeClient;
  let b: BridgeClient;
  let aHash: string;
  let bHash: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([BridgeClient.start(kinds[0]), BridgeClient.start(kinds[1])]);
    aHash = String((await a.call('lxmf_init', { display_name: 'Alice' })).delivery_destination_hash);
    bHash = String((await b.call('lxmf_init', { display_name: 'Bob' })).delivery_destination_hash);
    const { port } = await b.call('lxmf_add_tcp_server_interface', { bind_port: 0 });
    await a.call('lxmf_add_tcp_client_interface', { target_port: port });
  }, 30_000);

  afterAll(async () => {
    for (const bridge of [a, b]) {
      expect(await bridge.call('lxmf_shutdown')).toEqual({ stopped: true });
      expect(await bridge.call('lxmf_shutdown')).toEqual({ stopped: true });
      expect(await bridge.close()).toBe(0);
    }
  }, 30_000);

  it('discovers both sides by announce', async () => {
    expect((await a.call('lxmf_has_path', { destination_hash: bHash })).has_path).toBe(false);
    // The client side may still be connecting: announce until each side has heard the other.
    await until(async () => {
      expect(await a.call('lxmf_announce')).toEqual({ delivery_destination_hash: aHash });
      expect(await b.call('lxmf_announce')).toEqual({ delivery_destination_hash: bHash });
      const [x, y] = await Promise.all([a.call('lxmf_has_path', { destination_hash: bHash }), b.call('lxmf_has_path', { destination_hash: aHash })]);
      return x.has_path === true && y.has_path === true;
    }, 'paths both ways', ms * 2);
    expect(await a.call('lxmf_has_path', { destination_hash: bHash })).toEqual({ has_path: true, transport_has_path: true, identity_recalled: true });
    expect(await a.call('lxmf_request_path', { destination_hash: bHash })).toEqual({ requested: true });
  }, 30_000);

  it('sends opportunistic with a delivery proof, with equal message hashes on both sides', async () => {
    const { message_hash: hash } = await a.call('lxmf_send_opportunistic', { destination_hash: bHash, title: 'hi', content: 'opportunistic ✓' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const m = await received(b, String(hash), ms);
    expect(m).toMatchObject({ source_hash: aHash, destination_hash: bHash, method: 'opportunistic', title: 'hi', content: 'opportunistic ✓', ack_status: 'received', fields: {} });
    await delivered(a, String(hash), ms);
  }, 30_000);

  it('refuses an opportunistic message that would be upgraded to DIRECT', async () => {
    const answer = await a.request('lxmf_send_opportunistic', { destination_hash: bHash, content: 'x'.repeat(1000) });
    expect(answer.success).toBe(false);
    expect(!answer.success && answer.error).toMatch(/would be sent DIRECT/);
  });

  it('sends direct over a link, and a large one as a resource', async () => {
    for (const content of ['direct hello', 'L'.repeat(8000)]) {
      const { message_hash: hash } = await a.call('lxmf_send_direct', { destination_hash: bHash, title: 'd', content });
      const m = await received(b, String(hash), ms);
      expect(m).toMatchObject({ source_hash: aHash, destination_hash: bHash, method: 'direct', title: 'd', content });
      await delivered(a, String(hash), ms);
    }
  }, 60_000);

  it('round-trips a file attachment (B → A), and text plus attachment over a resource (A → B)', async () => {
    const payload = randomBytes(256).toString('hex');
    const fields = { '5': [[{ str: 'attach-0001.bin' }, { bytes: payload }]] };
    const { message_hash: hash } = await b.call('lxmf_send_direct', { destination_hash: aHash, title: 'file', content: 'see attachment', fields });
    const m = await received(a, String(hash), ms);
    expect(m.fields).toEqual({ '5': [['attach-0001.bin', payload]] });
    expect(m).toMatchObject({ source_hash: bHash, destination_hash: aHash, content: 'see attachment' });
    await delivered(b, String(hash), ms);

    const big = randomBytes(20_000).toString('hex');
    const { message_hash: bigHash } = await a.call('lxmf_send_direct', {
      destination_hash: bHash, title: 'both', content: 'text and a file', fields: { '5': [[{ str: 'big.bin' }, { bytes: big }]] },
    });
    const n = await received(b, String(bigHash), ms);
    expect(n).toMatchObject({ source_hash: aHash, title: 'both', content: 'text and a file', method: 'direct' });
    expect(n.fields).toEqual({ '5': [['big.bin', big]] });
    await delivered(a, String(bigHash), ms);
  }, 60_000);

  it('answers an unknown message hash as unknown, and refuses a bad tagged field', async () => {
    expect(await a.call('lxmf_get_message_state', { message_hash: '00'.repeat(32) })).toEqual({ state: 'unknown' });
    const answer = await a.request('lxmf_send_direct', { destination_hash: bHash, content: 'x', fields: { '5': { nope: 1 } } });
    expect(answer.success).toBe(false);
    expect(!answer.success && answer.error).toMatch(/unrecognised tagged field/);
  });

  const referenceNode = options.referenceNode;
  const canPropagate = Boolean(referenceNode && process.env.RNS_REFERENCE_PATH && process.env.LXMF_REFERENCE_PATH);
  it.skipIf(!canPropagate)('propagated via a reference propagation node: uploads without identifying, the recipient syncs it', async () => {
    const [aPort, bPort] = [(await a.call('lxmf_add_tcp_server_interface')).port, (await b.call('lxmf_add_tcp_server_interface')).port];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'strand-pn-'));
    const env = { ...process.env, PYTHONPATH: `${process.env.RNS_REFERENCE_PATH}:${process.env.LXMF_REFERENCE_PATH}` };
    const args = [String(referenceNode), '--dir', dir, '--propagation-node', '--propagation-cost', '16', '--loglevel', '7', '--tcp-client', `127.0.0.1:${aPort}`, '--tcp-client', `127.0.0.1:${bPort}`];
    const pn = spawn('/usr/bin/python3', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let log = '';
    pn.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      const ready = await new Promise<{ propagation_hash: string }>((resolve) => {
        createInterface({ input: pn.stdout }).on('line', (line) => {
          const event = JSON.parse(line) as { event: string; propagation_hash: string };
          if (event.event === 'ready') resolve(event);
        });
      });
      const pnHash = ready.propagation_hash;
      await until(async () => {
        pn.stdin.write('{"cmd":"announce"}\n');
        const [x, y] = await Promise.all([a.call('lxmf_has_path', { destination_hash: pnHash }), b.call('lxmf_has_path', { destination_hash: pnHash })]);
        return x.has_path === true && y.has_path === true;
      }, 'paths to the propagation node', 15_000);
      for (const bridge of [a, b]) expect(await bridge.call('lxmf_set_outbound_propagation_node', { destination_hash: pnHash, stamp_cost: 16 })).toEqual({ ok: true });
      // Large enough to travel as a resource: lxmd names the uploader only on that path.
      const content = `via the node ${'P'.repeat(2000)}`;
      const { message_hash: hash } = await a.call('lxmf_send_propagated', { destination_hash: bHash, title: 'p', content });
      await until(async () => ['sent', 'delivered'].includes(String((await a.call('lxmf_get_message_state', { message_hash: hash })).state)), 'upload sent', 40_000);
      // The node may still be filing the upload when it proves it, so sync until the message is there.
      await until(async () => {
        expect(typeof (await b.call('lxmf_sync_inbound', { timeout_sec: 10 })).final_state).toBe('number');
        const { messages } = (await b.call('lxmf_get_received_messages')) as { messages: { message_hash: string }[] };
        return messages.some((x) => x.message_hash === hash);
      }, 'propagated message synced', 40_000);
      const m = await received(b, String(hash));
      expect(m).toMatchObject({ source_hash: aHash, destination_hash: bHash, method: 'propagated', title: 'p', content });
      expect(log).toMatch(/from unknown client/);
    } finally {
      pn.stdin.end();
      await new Promise((r) => pn.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
}

/** `describe` wrapper naming the pair. */
export function describePair(kinds: readonly [BridgeKind, BridgeKind], options: ScenarioOptions = {}, enabled = true): void {
  describe.skipIf(!enabled)(`lxmf bridge scenarios, ${kinds[0]} → ${kinds[1]}`, () => lxmfScenarios(kinds, options));
}
