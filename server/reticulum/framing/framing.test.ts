// SPDX-License-Identifier: MIT
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deframer, DeframerOptions } from './index.js';
import { HEADER_MINSIZE, HdlcDeframer, KissDeframer, hdlcFrame, kissFrame } from './index.js';
import { RnsArgumentError } from '../errors.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function collect(kind: 'hdlc' | 'kiss', opts: Partial<DeframerOptions> = {}) {
  const frames: Uint8Array[] = [];
  const drops: Array<[string, number]> = [];
  const options: DeframerOptions = {
    maxFrameSize: 64,
    minFrameSize: HEADER_MINSIZE,
    onFrame: (f) => frames.push(f),
    onDrop: (r, n) => drops.push([r, n]),
    ...opts,
  };
  const d: Deframer = kind === 'hdlc' ? new HdlcDeframer(options) : new KissDeframer(options);
  return { d, frames, drops };
}

/** Splits `bytes` at the given cut points (sorted, deduplicated, in range). */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
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

/**
 * The RNS 1.4.2 HDLC read loop, transcribed as a model (find FLAG, find next FLAG, two replace
 * passes, keep the closing FLAG), used to check the state machine agrees on arbitrary input.
 */
function referenceHdlc(stream: Uint8Array, max: number): string[] {
  const out: string[] = [];
  let buf: Buffer = Buffer.from(stream);
  for (;;) {
    const start = buf.indexOf(0x7e);
    if (start === -1) break;
    const end = buf.indexOf(0x7e, start + 1);
    if (end === -1) break;
    let frame: Buffer = Buffer.from(buf.subarray(start + 1, end));
    frame = replaceAll(frame, [0x7d, 0x5e], 0x7e);
    frame = replaceAll(frame, [0x7d, 0x5d], 0x7d);
    if (frame.length > HEADER_MINSIZE && frame.length <= max) out.push(frame.toString('hex'));
    buf = buf.subarray(end);
  }
  return out;
}

function replaceAll(b: Buffer, pair: [number, number], by: number): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === pair[0] && b[i + 1] === pair[1]) {
      out.push(by);
      i++;
    } else out.push(b[i]!);
  }
  return Buffer.from(out);
}

const payloadArb = fc.uint8Array({ minLength: HEADER_MINSIZE + 1, maxLength: 300 });
// Bytes biased towards the special values of both framings so escapes are exercised.
const specialByte = fc.oneof(fc.constantFrom(0x7e, 0x7d, 0x5e, 0x5d, 0xc0, 0xdb, 0xdc, 0xdd, 0x00), fc.integer({ min: 0, max: 255 }));
const noisyPayload = fc.array(specialByte, { minLength: HEADER_MINSIZE + 1, maxLength: 200 }).map((a) => Uint8Array.from(a));

describe('HDLC framer', () => {
  it('frames a view into a larger buffer from its own bytes only', () => {
    const backing = hex('7e7d 41 7e 42 7d 43 7e7d');
    const view = backing.subarray(2, 7);
    expect(toHex(hdlcFrame(view))).toBe('7e417d5e427d5d437e');
    expect(toHex(backing)).toBe('7e7d417e427d437e7d');
  });
});

describe('HDLC deframer', () => {
  it('drops an oversized frame, counts it, and resynchronises on the next flag', () => {
    const { d, frames, drops } = collect('hdlc', { maxFrameSize: 32 });
    const big = new Uint8Array(40).fill(0x41);
    const ok = new Uint8Array(25).fill(0x42);
    d.push(concat([hdlcFrame(big), hdlcFrame(ok)]));
    expect(frames.map(toHex)).toEqual([toHex(ok)]);
    expect(d.stats.dropped.oversized).toBe(1);
    expect(drops[0]?.[0]).toBe('oversized');
    expect(d.buffered).toBe(0);
  });

  it('accepts a frame of exactly maxFrameSize and drops runts of HEADER_MINSIZE', () => {
    const { d, frames } = collect('hdlc', { maxFrameSize: 32 });
    d.push(hdlcFrame(new Uint8Array(32).fill(1)));
    d.push(hdlcFrame(new Uint8Array(HEADER_MINSIZE).fill(2)));
    d.push(hdlcFrame(new Uint8Array(HEADER_MINSIZE + 1).fill(3)));
    expect(frames.map((f) => f.length)).toEqual([32, HEADER_MINSIZE + 1]);
    expect(d.stats.dropped.runt).toBe(1);
  });

  it('counts garbage before the first flag and ignores it', () => {
    const { d, frames } = collect('hdlc');
    const p = new Uint8Array(20).fill(7);
    d.push(concat([hex('010203'), hdlcFrame(p)]));
    expect(frames.map(toHex)).toEqual([toHex(p)]);
    expect(d.stats.dropped.garbage).toBe(1);
  });

  it('keeps invalid escapes literally, like the reference', () => {
    const { d, frames } = collect('hdlc', { minFrameSize: 0 });
    d.push(hex('7e 7d41 7d7d5e 7d5d5e 7d7e'));
    expect(frames.map(toHex)).toEqual(['7d417d7e7d5e7d']);
  });

  it('reset() forgets a partial frame', () => {
    const { d, frames } = collect('hdlc');
    d.push(hex('7e' + '41'.repeat(30)));
    expect(d.buffered).toBe(30);
    d.reset();
    expect(d.buffered).toBe(0);
    d.push(hex('42'.repeat(5) + '7e' + '43'.repeat(20) + '7e'));
    expect(frames.map(toHex)).toEqual(['43'.repeat(20)]);
  });

  it('rejects invalid options with a typed error', () => {
    expect(() => new HdlcDeframer({ maxFrameSize: 0, onFrame: () => {} })).toThrow(RnsArgumentError);
    expect(() => new HdlcDeframer({ maxFrameSize: 10, minFrameSize: 10, onFrame: () => {} })).toThrow(/minFrameSize/);
  });

  it('property: random chunkings of a valid stream reassemble every frame', () => {
    fc.assert(
      fc.property(fc.array(noisyPayload, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, cuts) => {
        const { d, frames } = collect('hdlc', { maxFrameSize: 300 });
        for (const c of chunk(concat(payloads.map(hdlcFrame)), cuts)) d.push(c);
        expect(frames.map(toHex)).toEqual(payloads.map(toHex));
        expect(d.buffered).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('property: agrees with the RNS read loop on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(specialByte, { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const stream = Uint8Array.from(bytes);
        const { d, frames } = collect('hdlc', { maxFrameSize: 1000 });
        for (const c of chunk(stream, cuts)) d.push(c);
        expect(frames.map(toHex)).toEqual(referenceHdlc(stream, 1000));
      }),
      { numRuns: 300 },
    );
  });

  it('property: agrees with the RNS read loop when frames come near the maximum', () => {
    // Frames whose raw bytes exceed the maximum while their unescaped bytes fit (and the reverse)
    // take the run-by-run path; the others are copied whole and unescaped in place.
    fc.assert(
      fc.property(fc.array(specialByte, { maxLength: 600 }), fc.integer({ min: HEADER_MINSIZE + 1, max: 120 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, max, cuts) => {
        const stream = Uint8Array.from(bytes);
        const { d, frames } = collect('hdlc', { maxFrameSize: max });
        for (const c of chunk(stream, cuts)) {
          d.push(c);
          expect(d.buffered).toBeLessThanOrEqual(max);
        }
        expect(frames.map(toHex)).toEqual(referenceHdlc(stream, max));
      }),
      { numRuns: 400 },
    );
  });

  it('reassembles 8 KiB frames of random bytes cut anywhere, escapes included', () => {
    const payloads = Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: 8192 + i }, (_, j) => (j * 7919 + i * 104729) % 251 ^ ((j >> 3) & 0x7f)));
    const stream = concat(payloads.map(hdlcFrame));
    expect(stream.length).toBeGreaterThan(payloads.reduce((n, p) => n + p.length + 2, 0)); // some bytes were escaped
    const { d, frames } = collect('hdlc', { maxFrameSize: 16384 });
    for (const c of chunk(stream, [1, 2, 5000, 8195, 8196, 20000, 30001, 40000])) d.push(c);
    expect(frames.map(toHex)).toEqual(payloads.map(toHex));
    expect(d.buffered).toBe(0);
  });

  it('property: random bytes never throw and never buffer past the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const { d, frames } = collect('hdlc', { maxFrameSize: 48 });
        for (const c of chunks) {
          d.push(c);
          expect(d.buffered).toBeLessThanOrEqual(48);
        }
        for (const f of frames) expect(f.length).toBeLessThanOrEqual(48);
      }),
      { numRuns: 300 },
    );
  });
});

describe('KISS deframer', () => {
  it('skips non-data commands and masks the port nibble', () => {
    const { d, frames } = collect('kiss');
    const p = new Uint8Array(24).fill(0x55);
    d.push(concat([kissFrame(p, 0x01), kissFrame(p, 0x10), kissFrame(p, 0x0f)]));
    expect(frames.map(toHex)).toEqual([toHex(p)]);
    expect(d.stats.dropped.command).toBe(2);
  });

  it('drops oversized frames and resynchronises', () => {
    const { d, frames } = collect('kiss', { maxFrameSize: 30 });
    const ok = new Uint8Array(21).fill(0xc0);
    d.push(concat([kissFrame(new Uint8Array(31)), kissFrame(ok)]));
    expect(frames.map(toHex)).toEqual([toHex(ok)]);
    expect(d.stats.dropped.oversized).toBe(1);
  });

  it('lets the closing FEND open the next frame', () => {
    const { d, frames } = collect('kiss', { minFrameSize: 0 });
    d.push(hex('c0 00 4142 c0 00 4344 c0'));
    expect(frames.map(toHex)).toEqual(['4142', '4344']);
  });

  it('decodes escapes the way RNS does (FESC re-arms, unknown escaped byte kept)', () => {
    const { d, frames } = collect('kiss', { minFrameSize: 0 });
    d.push(hex('c0 00 dbdbdc db41 dbdd c0'));
    expect(frames.map(toHex)).toEqual(['c041db']);
  });

  it('rejects command bytes that cannot be framed', () => {
    expect(() => kissFrame(new Uint8Array(1), 0xc0)).toThrow(RnsArgumentError);
  });

  it('property: random chunkings of a valid stream reassemble every frame', () => {
    fc.assert(
      fc.property(fc.array(noisyPayload, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (payloads, cuts) => {
        const { d, frames } = collect('kiss', { maxFrameSize: 300 });
        for (const c of chunk(concat(payloads.map((p) => kissFrame(p))), cuts)) d.push(c);
        expect(frames.map(toHex)).toEqual(payloads.map(toHex));
      }),
      { numRuns: 200 },
    );
  });

  it('property: random bytes never throw and never buffer past the maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const { d } = collect('kiss', { maxFrameSize: 48 });
        for (const c of chunks) {
          d.push(c);
          expect(d.buffered).toBeLessThanOrEqual(48);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The escaping rule spelled out byte by byte: ESC and FLAG become ESC, byte ^ 0x20. */
function naiveHdlc(p: Uint8Array): string {
  const out = [0x7e];
  for (const b of p) {
    if (b === 0x7e || b === 0x7d) out.push(0x7d, b ^ 0x20);
    else out.push(b);
  }
  out.push(0x7e);
  return Buffer.from(out).toString('hex');
}

describe('framers', () => {
  it('HDLC frames as the byte-by-byte rule, with few or many specials (262 144 of them at most)', () => {
    const specialHeavy = fc.uint8Array({ maxLength: 9000 }).map((u) => u.map((b) => (b < 64 ? 0x7e : b < 128 ? 0x7d : b)));
    fc.assert(
      fc.property(fc.oneof(payloadArb, specialHeavy), (p) => {
        expect(Buffer.from(hdlcFrame(p)).toString('hex')).toBe(naiveHdlc(p));
      }),
      { numRuns: 300 },
    );
    for (const size of [0, 1, 63, 8156, 262_144]) {
      const random = Uint8Array.from(Buffer.alloc(size).map(() => Math.floor(Math.random() * 256)));
      expect(Buffer.from(hdlcFrame(random)).toString('hex')).toBe(naiveHdlc(random));
      for (const fill of [0x7e, 0x7d]) expect(Buffer.from(hdlcFrame(new Uint8Array(size).fill(fill))).toString('hex')).toBe(naiveHdlc(new Uint8Array(size).fill(fill)));
    }
  });

  it('property: HDLC output has flags only at the ends', () => {
    fc.assert(
      fc.property(payloadArb, (p) => {
        const f = hdlcFrame(p);
        expect(f.subarray(1, -1).includes(0x7e)).toBe(false);
        expect(f[0]).toBe(0x7e);
        expect(f[f.length - 1]).toBe(0x7e);
      }),
    );
  });
});
