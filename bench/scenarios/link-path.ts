// SPDX-License-Identifier: MIT
// The link scenario's workload over a path with latency: both ends talk through a TCP proxy that
// holds each direction for PATH_DELAY_MS (bench/scenarios/delay-proxy.ts), a 20 ms round trip at
// loopback bandwidth, like a VPN to another site over a fast line. On loopback a round trip costs
// a fraction of a millisecond and transfers are bound by CPU; here they are bound by how many
// round trips the resource protocol needs (advertisement, request rounds, hashmap updates,
// proofs), which is where the receiver's request window and the reference's pacing differ. The
// reference runs the same workload through its own proxy.
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { referenceLinks } from '../reference/runner.js';
import type { LinkWorkload } from '../reference/runner.js';
import { startDelayProxy } from './delay-proxy.js';
import type { DelayProxy } from './delay-proxy.js';
import { strandLinks } from './link.js';

/** One-way delay of the simulated path (ms). */
const PATH_DELAY_MS = 10;
const SIZES = [
  [1024 * 1024, '1 MiB'],
  [16 * 1024 * 1024, '16 MiB'],
] as const;
const WORKLOAD: LinkWorkload = { links: 20, sizes: SIZES.map(([size]) => size), repeats: 3, warmupLinks: 2, warmTransfers: 0 };

/** Runs `fn` with a route through a fresh delay proxy; every proxy it made is closed afterwards. */
async function throughProxy<T>(fn: (route: (port: number) => Promise<number>) => Promise<T>): Promise<T> {
  const proxies: DelayProxy[] = [];
  try {
    return await fn(async (port) => {
      const proxy = await startDelayProxy(port, PATH_DELAY_MS);
      proxies.push(proxy);
      return proxy.port;
    });
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
  }
}

export const linkPathScenario: Scenario = {
  id: 'link-path',
  description: `Reticulum links and resources between two Strand nodes through a proxy adding ${PATH_DELAY_MS} ms each way`,
  async run(): Promise<Measurement[]> {
    const strand = await throughProxy((route) => strandLinks(WORKLOAD, route));
    const ref = await throughProxy((route) => referenceLinks(WORKLOAD, route));
    const note = `two processes, TCP through a proxy holding each direction ${PATH_DELAY_MS} ms (${2 * PATH_DELAY_MS} ms round trip, loopback bandwidth), link MTU 8192`;
    const r = (v: number | undefined) => (v === undefined ? {} : { reference: v });
    const resource = ([size, label]: readonly [number, string]): Measurement => ({
      name: `resource ${label} over the path`,
      value: percentiles(strand.resourceMbps[String(size)] ?? []).median,
      unit: 'MB/s',
      better: 'higher',
      note: `${note}, random data, no compression, median of ${WORKLOAD.repeats} after 1 untimed`,
      ...r(ref?.resourceMbps[String(size)]),
    });
    return [
      { name: 'link establishment median over the path', value: percentiles(strand.linkMs).median, unit: 'ms', better: 'lower', note: `${note}, ${WORKLOAD.links} links after ${WORKLOAD.warmupLinks} untimed`, ...r(ref?.linkMedianMs) },
      ...SIZES.map(resource),
    ];
  },
};
