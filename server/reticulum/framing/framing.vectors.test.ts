// SPDX-License-Identifier: MIT
// Every case of server/fixtures/vectors/framing.json (recorded from RNS 1.4.2), none skipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_MINSIZE, HdlcDeframer, KissDeframer, hdlcFrame, kissFrame } from './index.js';

interface VectorCase {
  name: string;
  inputs: { kind: 'frame' | 'deframe_stream'; framing: 'HDLC' | 'KISS'; payload?: string; chunks?: string[] };
  outputs: { framed?: string; delivered_frames?: string[] };
}

const file = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'vectors', 'framing.json');
const vectors = JSON.parse(readFileSync(file, 'utf8')) as { cases: VectorCase[] };
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
// TCPClientInterface's HW_MTU class constant; the vectors were recorded with it and ifac_size 0.
const REFERENCE_MAX = 262144;

describe('framing.json vectors', () => {
  it('has both framings and both kinds', () => {
    expect(vectors.cases.length).toBe(28);
  });

  for (const c of vectors.cases) {
    it(c.name, () => {
      if (c.inputs.kind === 'frame') {
        const payload = hex(c.inputs.payload ?? '');
        const framed = c.inputs.framing === 'HDLC' ? hdlcFrame(payload) : kissFrame(payload);
        expect(toHex(framed)).toBe(c.outputs.framed);
        return;
      }
      const frames: string[] = [];
      const options = { maxFrameSize: REFERENCE_MAX, minFrameSize: HEADER_MINSIZE, onFrame: (f: Uint8Array) => frames.push(toHex(f)) };
      const deframer = c.inputs.framing === 'HDLC' ? new HdlcDeframer(options) : new KissDeframer(options);
      for (const chunk of c.inputs.chunks ?? []) deframer.push(hex(chunk));
      expect(frames).toEqual(c.outputs.delivered_frames);
    });
  }
});
