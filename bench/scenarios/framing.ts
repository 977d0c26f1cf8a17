// SPDX-License-Identifier: MIT
// HDLC stream deframing and framing throughput: a stream of 50..500-byte packets (every byte value,
// so escapes occur), fed in 4096-byte chunks as a socket read loop sees them. With RNS_REFERENCE_PATH
// set, the same stream goes through the reference's own TCPClientInterface.read_loop (fed by a fake
// socket) for the `reference` column.
import type { Measurement, Scenario } from '../harness.js';
import { runChild } from '../reference/exec.js';
import { HEADER_MINSIZE, HdlcDeframer, hdlcFrame } from '../../server/reticulum/framing/index.js';

const CHUNK = 4096;
const MAX_FRAME = 8192 + 16; // TCP HW_MTU at 10 Mbit/s + a 16-byte IFAC

function makePackets(totalBytes: number): Uint8Array[] {
  const packets: Uint8Array[] = [];
  let seed = 0x12345678;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  let total = 0;
  while (total < totalBytes) {
    const p = new Uint8Array(50 + (next() % 451));
    for (let i = 0; i < p.length; i++) p[i] = next() & 0xff;
    packets.push(p);
    total += p.length;
  }
  return packets;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Runs `fn` (which processes `bytes` bytes) for at least `minMs`; returns MB/s. */
function megabytesPerSecond(bytes: number, fn: () => void, minMs = 1000): number {
  fn(); // warm-up
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    fn();
    runs++;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (bytes * runs) / 1e6 / (elapsedMs / 1000);
}

const PYTHON_BENCH = String.raw`
import sys, time, json
import RNS
from RNS.Interfaces.TCPInterface import TCPClientInterface
stream = sys.stdin.buffer.read()
CHUNK = ${CHUNK}
class Owner:
    count = 0
    def inbound(self, data, iface): Owner.count += 1
class FakeSocket:
    def __init__(self): self.pos = 0
    def recv(self, n):
        c = stream[self.pos:self.pos + CHUNK]; self.pos += len(c); return c
def run():
    i = object.__new__(TCPClientInterface)
    i.socket = FakeSocket(); i.kiss_framing = False; i.HW_MTU = 8192; i.ifac_size = 16
    i.online = True; i.detached = False; i.rxb = 0; i.parent_interface = None
    i.owner = Owner(); i.initiator = False; i.teardown = lambda: None
    i.target_ip = "127.0.0.1"; i.target_port = 0; i.name = "bench"
    i.read_loop()
runs = 0; t0 = time.perf_counter()
while time.perf_counter() - t0 < 2.0:
    run(); runs += 1
el = time.perf_counter() - t0
print(json.dumps({"deframe": len(stream) * runs / 1e6 / el, "frames": Owner.count // runs}))
`;

async function referenceDeframe(stream: Uint8Array): Promise<number | undefined> {
  const refPath = process.env.RNS_REFERENCE_PATH;
  if (!refPath) return undefined;
  const run = await runChild(process.env.RNS_PYTHON ?? 'python3', ['-c', PYTHON_BENCH], {
    input: stream,
    env: { ...process.env, PYTHONPATH: refPath },
    timeoutMs: 120_000,
  });
  if (run.status !== 0) {
    process.stderr.write(`framing: reference benchmark failed, continuing without it: ${run.stderr.slice(-500)}\n`);
    return undefined;
  }
  const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { deframe?: number };
  return result.deframe;
}

export const framingScenario: Scenario = {
  id: 'framing',
  description: 'HDLC deframe (4 KiB chunks) and frame throughput on 50..500-byte packets',
  async run(): Promise<Measurement[]> {
    const packets = makePackets(4 * 1024 * 1024);
    const stream = concat(packets.map(hdlcFrame));
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));
    let frames = 0;
    const deframe = megabytesPerSecond(stream.length, () => {
      const d = new HdlcDeframer({ maxFrameSize: MAX_FRAME, minFrameSize: HEADER_MINSIZE, onFrame: () => frames++ });
      for (const c of chunks) d.push(c);
    });
    if (frames === 0) throw new Error('deframer delivered nothing');
    const payloadBytes = packets.reduce((n, p) => n + p.length, 0);
    const frame = megabytesPerSecond(payloadBytes, () => {
      for (const p of packets) hdlcFrame(p);
    });
    const reference = await referenceDeframe(stream);
    return [
      { name: 'HDLC deframe', value: deframe, unit: 'MB/s', better: 'higher', ...(reference !== undefined ? { reference } : {}) },
      { name: 'HDLC frame', value: frame, unit: 'MB/s', better: 'higher' },
    ];
  },
};
