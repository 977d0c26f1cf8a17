// SPDX-License-Identifier: MIT
// Shared by the LXMF tests: vector loading and hex helpers. Not part of the public surface.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VECTORS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'vectors');

/** One vector case; inputs/outputs are JSON as recorded by the reference. */
export interface VectorCase {
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** Loads every case of a vector file. */
export function loadVectors(file: string): VectorCase[] {
  const json = JSON.parse(readFileSync(path.join(VECTORS, file), 'utf8')) as { cases: VectorCase[] };
  return json.cases;
}

export const b = (h: unknown): Uint8Array => new Uint8Array(Buffer.from(String(h), 'hex'));
export const hex = (u: Uint8Array | null | undefined): string | null => (u ? Buffer.from(u).toString('hex') : null);
