// SPDX-License-Identifier: MIT
// Small shape checks for server responses. The server validates with zod on its side; here we only
// make sure a version-skewed answer fails loudly at the boundary instead of deep inside a view.
import { ResponseShapeError } from './errors.js';

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function record(v: unknown, what: string): Json {
  if (!isRecord(v)) throw new ResponseShapeError(`${what}: expected an object`);
  return v;
}

export function str(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ResponseShapeError(`${what}.${key}: expected a string`);
  return v;
}

export function optStr(o: Json, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

export function bool(o: Json, key: string, what: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ResponseShapeError(`${what}.${key}: expected a boolean`);
  return v;
}

/** A list answer: either a bare array or `{ <key>: [...] }` (both shapes appear in REST APIs). */
export function list(v: unknown, key: string, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v) && Array.isArray(v[key])) return v[key] as unknown[];
  throw new ResponseShapeError(`${what}: expected a list`);
}
