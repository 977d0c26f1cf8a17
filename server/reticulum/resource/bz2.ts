// SPDX-License-Identifier: MIT
// bzip2 for resources. The reference compresses with Python's `bz2.compress` (libbzip2, level 9)
// and the compressed bytes decide the transfer size, part count and hashmap, so compression must
// be libbzip2 itself: `libbzip2-wasm` is libbzip2 1.0.x built to WASM, and its output matched
// Python's byte for byte on the resource vectors and on random/text inputs up to 1 MiB.
// Decompression uses `seek-bzip` (pure JS) because it writes through a stream we control, so a
// decompression bomb is stopped at the limit instead of after it has filled memory.
import { createRequire } from 'node:module';
import { RnsDecodeError } from '../errors.js';

const require = createRequire(import.meta.url);

/** The embind object libbzip2-wasm returns; `output` is a view into WASM memory. */
interface Bz2Result {
  readonly error: number;
  readonly errorMsg: string;
  readonly output: Uint8Array;
  delete?: () => void;
}
interface Bz2Module {
  compressBZ2(data: Uint8Array, blockSize: number, workFactor: number): Bz2Result;
}
interface SeekBzip {
  decode(input: Buffer, output: { writeByte(b: number): void }, multistream?: boolean): unknown;
}

let modulePromise: Promise<Bz2Module> | null = null;

/**
 * Loads the WASM module once. The emscripten glue registers process-wide `uncaughtException` and
 * `unhandledRejection` handlers that would turn any unhandled rejection into an abort; a library
 * must not change how the whole node process fails, so those handlers are removed again.
 */
function loadModule(): Promise<Bz2Module> {
  if (modulePromise) return modulePromise;
  modulePromise = new Promise<Bz2Module>((resolve, reject) => {
    const before = {
      exc: new Set(process.listeners('uncaughtException')),
      rej: new Set(process.listeners('unhandledRejection')),
    };
    const restore = (): void => {
      for (const l of process.listeners('uncaughtException')) if (!before.exc.has(l)) process.off('uncaughtException', l);
      for (const l of process.listeners('unhandledRejection')) if (!before.rej.has(l)) process.off('unhandledRejection', l);
    };
    try {
      const factory = require('libbzip2-wasm') as () => { then(cb: (m: Bz2Module) => void): unknown };
      // The emscripten module is a thenable that resolves itself; wrapping it in a real promise
      // would recurse on its `then`, so hand over a plain object instead.
      factory().then((m) => {
        restore();
        resolve({ compressBZ2: (d, b, w) => m.compressBZ2(d, b, w) });
      });
    } catch (err) {
      restore();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  return modulePromise;
}

/** Compresses like Python's `bz2.compress(data)` (block size 9, default work factor 30). */
export async function bz2Compress(data: Uint8Array): Promise<Uint8Array> {
  const m = await loadModule();
  const r = m.compressBZ2(data, 9, 30);
  try {
    if (r.error !== 0) throw new RnsDecodeError('RNS_ERR_BZ2', `bzip2 compression failed: ${r.errorMsg}`);
    return new Uint8Array(r.output); // copy out of WASM memory before the next call reuses it
  } finally {
    r.delete?.();
  }
}

/**
 * Decompresses one bzip2 stream, refusing to produce more than `maxLength` bytes (the reference
 * caps resources at 64 MiB and treats more as corrupt). Throws RnsDecodeError RNS_ERR_BZ2 for
 * invalid data and RNS_ERR_BZ2_LIMIT when the output would exceed the limit.
 */
export function bz2Decompress(data: Uint8Array, maxLength: number): Uint8Array {
  const bunzip = require('seek-bzip') as SeekBzip;
  let buf = new Uint8Array(Math.min(Math.max(data.length * 4, 1024), maxLength + 1));
  let pos = 0;
  const out = {
    writeByte(b: number): void {
      if (pos >= maxLength) throw new RnsDecodeError('RNS_ERR_BZ2_LIMIT', `bzip2 output exceeds ${maxLength} bytes`);
      if (pos === buf.length) {
        const next = new Uint8Array(Math.min(buf.length * 2, maxLength + 1));
        next.set(buf);
        buf = next;
      }
      buf[pos++] = b;
    },
  };
  try {
    bunzip.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), out, false);
  } catch (err) {
    if (err instanceof RnsDecodeError) throw err;
    throw new RnsDecodeError('RNS_ERR_BZ2', 'invalid bzip2 stream', { cause: err });
  }
  return buf.slice(0, pos);
}
