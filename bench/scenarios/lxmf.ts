// SPDX-License-Identifier: MIT
// LXMF message and stamp costs: pack (build + sign), unpack + signature check, stamp generation
// time for costs 8 and 16 (median of a few runs, worker pool over all cores), and stamp
// validation throughput (3000-round workblock in a worker; ticket stamps on this thread). With
// RNS_REFERENCE_PATH set (and LXMF_REFERENCE_PATH, default ../LXMF next to it), the same
// workloads are timed in the Python reference for the `reference` column (cost 16 is skipped
// there: one run takes tens of seconds).
import path from 'node:path';
import type { Measurement, Scenario } from '../harness.js';
import { runChild } from '../reference/exec.js';
import { opsPerSecond, percentiles } from '../harness.js';
import { randomBytes } from '../../server/reticulum/crypto/index.js';
import { Identity } from '../../server/reticulum/identity/index.js';
import { Field, LXMessage, StampWorkerPool, deliveryDestinationHash, encodeAttachments, matchTicketStamp, ticketStamp } from '../../server/lxmf/index.js';

const NAMES = {
  pack: 'message pack + sign (text, 1 attachment)',
  unpack: 'message unpack + verify',
  stamp8: 'stamp generation, cost 8 (median)',
  stamp16: 'stamp generation, cost 16 (median)',
  validate: 'stamp validation (3000-round workblock)',
  ticket: 'ticket stamp validation',
} as const;

const PYTHON_BENCH = `
import json, os, time, statistics, types
import RNS, LXMF
# False: register_destination must not spawn its shared-instance announce threads.
RNS.Transport.owner = types.SimpleNamespace(is_connected_to_shared_instance=False)
from LXMF import LXStamper
from LXMF.LXMessage import LXMessage
def ops(fn, min_s=0.5):
    for _ in range(20): fn()
    n = 0; t0 = time.perf_counter()
    while time.perf_counter() - t0 < min_s:
        for _ in range(20): fn()
        n += 20
    return n / (time.perf_counter() - t0)
a = RNS.Identity(); b = RNS.Identity()
src = RNS.Destination(a, RNS.Destination.IN, RNS.Destination.SINGLE, "lxmf", "delivery")
dst = RNS.Destination(b, RNS.Destination.OUT, RNS.Destination.SINGLE, "lxmf", "delivery")
RNS.Identity.known_destinations[src.hash] = [time.time(), None, a.get_public_key(), None]
fields = {LXMF.FIELD_FILE_ATTACHMENTS: [["notes.txt", os.urandom(200)]]}
def pack():
    m = LXMessage(dst, src, "Hello from the benchmark", "Bench", fields=dict(fields)); m.pack(); return m.packed
packed = pack()
def unpack():
    m = LXMessage.unpack_from_bytes(packed); assert m.signature_validated
gen = []
for _ in range(5):
    t0 = time.perf_counter(); LXStamper.generate_stamp(os.urandom(32), 8); gen.append((time.perf_counter() - t0) * 1000)
mid = os.urandom(32); stamp, _ = LXStamper.generate_stamp(mid, 8)
def validate():
    assert LXStamper.stamp_valid(stamp, 8, LXStamper.stamp_workblock(mid))
vt0 = time.perf_counter(); nv = 5
for _ in range(nv): validate()
print(json.dumps({"${NAMES.pack}": ops(pack), "${NAMES.unpack}": ops(unpack), "${NAMES.stamp8}": statistics.median(gen), "${NAMES.validate}": nv / (time.perf_counter() - vt0)}))
`;

async function referenceNumbers(): Promise<Record<string, number> | null> {
  const rns = process.env.RNS_REFERENCE_PATH;
  if (!rns) return null;
  const lxmf = process.env.LXMF_REFERENCE_PATH ?? path.join(path.dirname(rns), 'LXMF');
  const run = await runChild(process.env.RNS_PYTHON ?? 'python3', ['-c', PYTHON_BENCH], {
    env: { ...process.env, PYTHONPATH: `${rns}${path.delimiter}${lxmf}` },
    timeoutMs: 300_000,
  });
  if (run.status !== 0) {
    process.stderr.write(`lxmf: reference benchmark failed, continuing without it: ${run.stderr.slice(-500)}\n`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return percentiles(samples).median;
}

export const lxmfScenario: Scenario = {
  id: 'lxmf',
  description: 'LXMF message pack/unpack+verify, stamp generation (cost 8, 16) and validation',
  async run(): Promise<Measurement[]> {
    const alice = Identity.generate();
    const bob = Identity.generate();
    const destinationHash = deliveryDestinationHash(bob);
    const fields = new Map([[Field.FILE_ATTACHMENTS, encodeAttachments([{ name: 'notes.txt', data: randomBytes(200) }])]]);
    const make = (): LXMessage => LXMessage.create({ destinationHash, source: alice, title: 'Bench', content: 'Hello from the benchmark', fields });
    const packed = make().packed;
    const recall = (): Identity => alice;
    const pool = new StampWorkerPool();
    try {
      const pack = await opsPerSecond(() => make());
      const unpack = await opsPerSecond(() => {
        if (!LXMessage.unpack(packed, { recall }).signatureValidated) throw new Error('signature did not verify');
      });
      await pool.generate(randomBytes(32), 1); // spawn the workers outside the measurement
      const stamp8 = await medianMs(7, () => pool.generate(randomBytes(32), 8));
      const stamp16 = await medianMs(5, () => pool.generate(randomBytes(32), 16));
      const id = randomBytes(32);
      const { stamp } = await pool.generate(id, 8);
      const n = 10;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) if (!(await pool.validate(id, stamp, 8)).valid) throw new Error('stamp did not validate');
      const validate = n / (Number(process.hrtime.bigint() - t0) / 1e9);
      const tickets = Array.from({ length: 3 }, () => randomBytes(16));
      const ts = ticketStamp(tickets[2] as Uint8Array, id);
      const ticket = await opsPerSecond(() => matchTicketStamp(ts, id, tickets));
      const ref = await referenceNumbers();
      const m = (key: keyof typeof NAMES, value: number, unit: string, better: 'higher' | 'lower', note?: string): Measurement => {
        const reference = ref?.[NAMES[key]];
        return { name: NAMES[key], value, unit, better, ...(reference !== undefined ? { reference } : {}), ...(note ? { note } : {}) };
      };
      return [
        m('pack', pack, 'ops/s', 'higher'),
        m('unpack', unpack, 'ops/s', 'higher'),
        m('stamp8', stamp8, 'ms', 'lower', `${pool.workerCount} workers`),
        m('stamp16', stamp16, 'ms', 'lower', `${pool.workerCount} workers`),
        m('validate', validate, 'ops/s', 'higher', 'in a worker, off the event loop'),
        m('ticket', ticket, 'ops/s', 'higher'),
      ];
    } finally {
      await pool.stop();
    }
  },
};
