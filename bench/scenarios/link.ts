// SPDX-License-Identifier: MIT
// Links and resources between two Strand nodes over TCP loopback (127.0.0.1, port 0): link
// establishment latency (request sent → initiator ACTIVE, median and p90 over 200 links) and
// resource throughput for 1 MiB and 16 MiB of random data (advertise → proof, compression off
// because random data never compresses and the bz2 attempt would dominate the figure). Links are
// timed after 20 untimed ones, throughput is the median of several transfers after an untimed
// one, on both sides: a node opens many links and moves many resources in its life, and the
// first ones mostly measure V8 compiling the code path. One untimed transfer does not get all of
// it compiled (timed once per process: 9-25 ms of CPU for each of the next twelve 1 MiB
// transfers, mostly 7-10 ms from then on), so the "warm" figures are the median of as many
// transfers again after WARM_TRANSFERS more untimed ones: a node that has been moving resources
// for a while.
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { scriptProcess } from './script-process.js';
import { referenceLinks } from '../reference/runner.js';
import type { LinkWorkload } from '../reference/runner.js';

/** Timed transfers per size (after one untimed transfer); the median is reported. */
const RESOURCE_REPEATS = 5;
const LINKS = 200;
/** Untimed links opened first on both sides (the first ones mostly measure V8 compiling). */
const WARMUP_LINKS = 20;
/** Untimed transfers per size between the first timed ones and the warm ones. */
const WARM_TRANSFERS = 10;
const SIZES = [1024 * 1024, 16 * 1024 * 1024];

/**
 * Both ends run in their own processes (link-peer.ts listens, link-client.ts initiates), as the
 * reference runner's server and client do: the two ends of a transfer never share one event
 * loop, and neither shares a heap with the bench harness and the scenarios run before this one.
 */
export interface StrandLinkNumbers {
  linkMs: number[];
  resourceMbps: Record<string, number[]>;
  resourceMbpsWarm: Record<string, number[]>;
}

/**
 * Runs the workload between link-peer.ts and link-client.ts; with `route`, the client connects to
 * the port it gives for the peer's (a proxy in front of it) instead.
 */
export async function strandLinks(w: LinkWorkload, route?: (peerPort: number) => Promise<number>): Promise<StrandLinkNumbers> {
  const peer = scriptProcess('link-peer.ts');
  try {
    const { port, destination } = JSON.parse(await peer.nextLine()) as { port: number; destination: string };
    const via = route ? await route(port) : port;
    const args = [String(via), destination, String(w.links), w.sizes.join(','), String(w.repeats), String(w.warmupLinks), String(w.warmTransfers)];
    const client = scriptProcess('link-client.ts', args);
    const result = JSON.parse(await client.nextLine()) as StrandLinkNumbers;
    await client.closed();
    return result;
  } finally {
    await peer.end();
  }
}

export const linkScenario: Scenario = {
  id: 'link',
  description: 'Reticulum links and resources between two Strand nodes over TCP loopback',
  async run(): Promise<Measurement[]> {
    const workload: LinkWorkload = { links: LINKS, sizes: SIZES, repeats: RESOURCE_REPEATS, warmupLinks: WARMUP_LINKS, warmTransfers: WARM_TRANSFERS };
    const strand = await strandLinks(workload);
    const { median, p90 } = percentiles(strand.linkMs);
    const note = `two Strand nodes (two processes), TCP loopback, link MTU 8192, ${LINKS} links after ${WARMUP_LINKS} untimed`;
    const resourceNote = `${note}, random data, no compression, median of ${RESOURCE_REPEATS} after 1 untimed`;
    const warmNote = `${note}, random data, no compression, median of ${RESOURCE_REPEATS} after ${1 + RESOURCE_REPEATS + WARM_TRANSFERS} transfers of that size`;
    // Same workload between two Python reference nodes (bench/reference/link_resource.py).
    const ref = await referenceLinks(workload);
    const r = (v: number | undefined) => (v === undefined ? {} : { reference: v });
    const labels = [[SIZES[0], '1 MiB'], [SIZES[1], '16 MiB']] as const;
    const resource = (suffix: string, rates: Record<string, number[]>, refRates: Record<string, number> | undefined, resultNote: string): Measurement[] =>
      labels.map(([size, label]) => ({
        name: `resource ${label}${suffix}`,
        value: percentiles(rates[String(size)] ?? []).median,
        unit: 'MB/s',
        better: 'higher' as const,
        note: resultNote,
        ...r(refRates?.[String(size)]),
      }));
    const resources = [...resource('', strand.resourceMbps, ref?.resourceMbps, resourceNote), ...resource(', warm', strand.resourceMbpsWarm, ref?.resourceMbpsWarm, warmNote)];
    return [
      { name: 'link establishment median', value: median, unit: 'ms', better: 'lower', note, ...r(ref?.linkMedianMs) },
      { name: 'link establishment p90', value: p90, unit: 'ms', better: 'lower', note, ...r(ref?.linkP90Ms) },
      ...resources,
    ];
  },
};
