// SPDX-License-Identifier: MIT
// LXMRouter between two Strand nodes over TCP loopback (127.0.0.1, port 0): OPPORTUNISTIC and
// DIRECT messages per second (1 000 messages queued at once, all delivered with proofs; the median
// of 3 bursts after an untimed one, as the link scenario times resources: a running node has long
// compiled its send path) and the latency of one message at a time (send() → DELIVERED, median
// and p90 over 200 messages). The receiver runs in its own process (lxmf-peer.ts), as the
// reference runner's receiver does. The reference runs one burst per method: its rate is set by
// its 4 s processing loop, not by warm-up, and a burst takes it about a minute.
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { toHex } from '../../server/reticulum/wire/index.js';
import { MessageState, Method } from '../../server/lxmf/constants.js';
import type { MethodValue } from '../../server/lxmf/constants.js';
import type { RouterNode } from '../../server/lxmf/router/testing.js';
import { routerNode, until } from '../../server/lxmf/router/testing.js';
import { KnownIdentities } from '../../server/reticulum/identity/index.js';
import { TCPClientInterface } from '../../server/reticulum/interfaces/tcp-client.js';
import { Transport } from '../../server/reticulum/transport/index.js';
import { scriptProcess } from './script-process.js';
import { referenceLxmfRouter } from '../reference/runner.js';

const COUNT = 1000;
/** Timed bursts per method, after one untimed burst; the median rate is reported. */
const BURSTS = 3;
const LATENCY_SAMPLES = 200;
const REFERENCE_LATENCY_SAMPLES = 20;

/** The receiving node in its own process. */
interface Receiver {
  /** Its TCP server port on 127.0.0.1. */
  port: number;
  deliveryHash: Uint8Array;
  announce(): void;
  /** Messages its store holds. */
  stored(): Promise<number>;
  stop(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const peer = scriptProcess('lxmf-peer.ts');
  const { port, destination } = JSON.parse(await peer.nextLine()) as { port: number; destination: string };
  return {
    port,
    deliveryHash: Uint8Array.from(Buffer.from(destination, 'hex')),
    announce: () => peer.send('announce'),
    stored: async () => {
      const answer = peer.nextLine();
      peer.send('count');
      return (JSON.parse(await answer) as { stored: number }).stored;
    },
    stop: () => peer.end(),
  };
}

/**
 * Follows the final states of a burst's messages from before the first send: send() builds a
 * burst in slices, so the first messages can be delivered before the last send() resolves.
 */
function finalStates(a: RouterNode): { settled(ids: Uint8Array[]): Promise<void>; off(): void } {
  const delivered = new Set<string>();
  const failed = new Map<string, number>();
  let see: ((key: string) => void) | null = null;
  const off = a.router.on('state', (e) => {
    const key = toHex(e.messageId);
    if (e.state === MessageState.DELIVERED) delivered.add(key);
    else if (e.state === MessageState.FAILED || e.state === MessageState.REJECTED) failed.set(key, e.state);
    else return;
    see?.(key);
  });
  return {
    off,
    settled: (ids) =>
      new Promise((resolve, reject) => {
        const waiting = new Set(ids.map(toHex));
        see = (key) => {
          if (!waiting.has(key)) return;
          const state = failed.get(key);
          if (state !== undefined) return reject(new Error(`bench: message ended in state ${state}`));
          if (!delivered.has(key)) return;
          waiting.delete(key);
          if (waiting.size === 0) resolve();
        };
        // What happened before the ids were known, then every event as it comes.
        for (const key of [...waiting]) see(key);
        if (waiting.size === 0) resolve();
      }),
  };
}

async function burst(a: RouterNode, b: Receiver, method: MethodValue): Promise<number> {
  const states = finalStates(a);
  try {
    const start = process.hrtime.bigint();
    const sends: Promise<Uint8Array>[] = [];
    for (let i = 0; i < COUNT; i++) sends.push(a.router.send({ destinationHash: b.deliveryHash, content: `message ${i}`, method }));
    await states.settled(await Promise.all(sends));
    return COUNT / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    states.off();
  }
}

async function latency(a: RouterNode, b: Receiver, method: MethodValue): Promise<{ median: number; p90: number }> {
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const start = process.hrtime.bigint();
    const delivered = new Set<string>();
    let wake: (() => void) | null = null;
    // The listener is in place before send(), so no state change is missed and nothing polls.
    const off = a.router.on('state', (e) => {
      if (e.state !== MessageState.DELIVERED) return;
      delivered.add(toHex(e.messageId));
      wake?.();
    });
    const id = toHex(await a.router.send({ destinationHash: b.deliveryHash, content: `latency ${i}`, method }));
    if (!delivered.has(id)) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('bench: delivery timed out')), 10_000);
        wake = () => {
          if (delivered.has(id)) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
    }
    off();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(samples);
}

export const lxmfRouterScenario: Scenario = {
  id: 'lxmf-router',
  description: 'LXMRouter OPPORTUNISTIC and DIRECT delivery between two Strand nodes over TCP loopback',
  async run(): Promise<Measurement[]> {
    const b = await receiver();
    const client = new TCPClientInterface({ name: 'A to B', targetHost: '127.0.0.1', targetPort: b.port, reconnectWaitMs: 50 });
    const known = new KnownIdentities();
    const transport = new Transport({ knownIdentities: known }, { interfaces: [client], jobIntervalMs: 50 });
    await transport.start();
    const a = routerNode(transport, known);
    try {
      await a.router.start();
      await until(() => client.online, 5000, 'TCP connected');
      // The server spawns its per-client interface on accept; give it a moment to register.
      await new Promise((r) => setTimeout(r, 100));
      b.announce();
      await until(() => a.transport.hasPath(b.deliveryHash), 5000, 'path');
      const out: Measurement[] = [];
      const note = `two Strand nodes (two processes), TCP loopback, ${COUNT} messages queued at once, all proved, median of ${BURSTS} bursts after 1 untimed`;
      const strand: { label: string; rate: number; median: number; p90: number }[] = [];
      for (const [label, method] of [['opportunistic', Method.OPPORTUNISTIC], ['direct', Method.DIRECT]] as const) {
        await burst(a, b, method);
        const rates: number[] = [];
        for (let i = 0; i < BURSTS; i++) rates.push(await burst(a, b, method));
        const rate = percentiles(rates).median;
        const { median, p90 } = await latency(a, b, method);
        strand.push({ label, rate, median, p90 });
      }
      // The reference's router is paced by its processing loop, so its latency run is shorter.
      const ref = await referenceLxmfRouter(COUNT, REFERENCE_LATENCY_SAMPLES);
      for (const { label, rate, median, p90 } of strand) {
        const r = ref?.[label];
        const refLatency = r ? percentiles(r.latency_ms) : null;
        out.push(
          {
            name: `${label} messages/s`,
            value: rate,
            unit: 'msg/s',
            better: 'higher',
            note: r && r.failed > 0 ? `${note}; the reference gave up on ${r.failed} of ${COUNT} (its rate counts the delivered ones)` : note,
            ...(r ? { reference: r.rate } : {}),
          },
          { name: `${label} latency median`, value: median, unit: 'ms', better: 'lower', note: `one at a time, send() → DELIVERED, ${LATENCY_SAMPLES} samples`, ...(refLatency ? { reference: refLatency.median } : {}) },
          { name: `${label} latency p90`, value: p90, unit: 'ms', better: 'lower', note: `one at a time, send() → DELIVERED, ${LATENCY_SAMPLES} samples`, ...(refLatency ? { reference: refLatency.p90 } : {}) },
        );
      }
      const stored = await b.stored();
      if (stored !== 2 * (COUNT * (BURSTS + 1) + LATENCY_SAMPLES)) throw new Error(`bench: ${stored} messages stored`);
      return out;
    } finally {
      await a.stop();
      await b.stop();
    }
  },
};
