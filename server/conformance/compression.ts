// SPDX-License-Identifier: MIT
// bz2 as resources use it (server/reticulum/resource/bz2.ts: libbzip2 itself, level 9).
import * as z from 'zod';
import { bz2Compress, bz2Decompress } from '../reticulum/resource/index.js';
import { hex, toHex } from './params.js';
import type { CommandRegistry } from './registry.js';

/**
 * Output cap of bz2_decompress. Python's bz2.decompress has none; we stop at 8 MiB so one answer
 * line (hex doubles it) stays within what a peer can be expected to read, and a bzip2 bomb in a
 * request cannot exhaust memory.
 */
export const BZ2_MAX_OUTPUT = 8 * 1024 * 1024;

export function registerCompressionCommands(r: CommandRegistry): void {
  r.add('bz2_compress', z.object({ data: hex }), async ({ data }) => {
    const compressed = await bz2Compress(data);
    return {
      compressed: toHex(compressed),
      original_size: data.length,
      compressed_size: compressed.length,
      // compressed/original as a float, 0 for empty input (the reference bridge's definition).
      ratio: data.length > 0 ? compressed.length / data.length : 0,
    };
  });
  r.add('bz2_decompress', z.object({ compressed: hex }), ({ compressed }) => {
    const out = bz2Decompress(compressed, BZ2_MAX_OUTPUT);
    return { decompressed: toHex(out), size: out.length };
  });
}
