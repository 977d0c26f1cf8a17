// SPDX-License-Identifier: MIT
// Links and resources between two Strand nodes over TCP loopback (127.0.0.1, port 0): link
// establishment latency (request sent → initiator ACTIVE, median and p90 over 200 links) and
// resource throughput for 1 MiB and 16 MiB of random data (advertise → proof, compression off
// because random data never compresses and the bz2 attempt would dominate the figure). Links are
// timed after 20 untimed ones, throughput is the median of several transfers after an untimed
// one, on both sides: a node opens many links and moves many resources in its life, and the
// first ones mostly measure V8 compiling the code path.
import type { Measurement, Scenario } from '../harness.js';
import { percentiles } from '../harness.js';
import { scriptProcess } from './script-process.js';
import { referenceLinks } from '../reference/runner.js';

/** Timed transfers per size (after one untimed transfer); the median is reported. */
const RESOURCE_REPEATS = 5;
const LINKS = 200;
/** Untimed links opened first on both sides (the first ones mostly measure V8 compiling). */
const WARMUP_LINKS = 20;
const SIZES = [1024 * 1024, 16 * 1024 * 1024];

/**
 * Both ends run in their own processes (link-peer.ts listens, link-client.ts initiates), as the
 * reference runner's server and client do: the two ends of a transfer never share one event
 * loop, and neither shares a heap with the bench harness and the scenarios run before this one.
 */
async function strandLinks(): Promise<{ linkMs: number[]; resourceMbps: Record<string, number[]> }> {
  const peer = scriptProcess('link-peer.ts');
  try {
    const { port, destination } = JSON.parse(await peer.nextLine()) as { port: number; destination: string };
    const client = scriptProcess('link-client.ts', [String(port), destination, String(LINKS), SIZES.join(','), String(RESOURCE_REPEATS), String(WARMUP_LINKS)]);
    const result = JSON.parse(await client.nextLine()) as { linkMs: number[]; resourceMbps: Record<string, number[]> };
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
    const strand = await strandLinks();
    const { median, p90 } = percentiles(strand.linkMs);
    const oneMiB = percentiles(strand.resourceMbps[String(SIZES[0])] ?? []).median;
    const sixteenMiB = percentiles(strand.resourceMbps[String(SIZES[1])] ?? []).median;
    const note = `two Strand nodes (two processes), TCP loopback, link MTU 8192, ${LINKS} links after ${WARMUP_LINKS} untimed`;
    const resourceNote = `${note}, random data, no compression, median of ${RESOURCE_REPEATS} after 1 untimed`;
    // Same workload between two Python reference nodes (bench/reference/link_resource.py).
    const ref = await referenceLinks(LINKS, SIZES, RESOURCE_REPEATS, WARMUP_LINKS);
    const r = (v: number | undefined) => (v === undefined ? {} : { reference: v });
    return [
      { name: 'link establishment median', value: median, unit: 'ms', better: 'lower', note, ...r(ref?.linkMedianMs) },
      { name: 'link establishment p90', value: p90, unit: 'ms', better: 'lower', note, ...r(ref?.linkP90Ms) },
      { name: 'resource 1 MiB', value: oneMiB, unit: 'MB/s', better: 'higher', note: resourceNote, ...r(ref?.resourceMbps[String(SIZES[0])]) },
      { name: 'resource 16 MiB', value: sixteenMiB, unit: 'MB/s', better: 'higher', note: resourceNote, ...r(ref?.resourceMbps[String(SIZES[1])]) },
    ];
  },
};
