// SPDX-License-Identifier: MIT
// Password hashing: argon2id. The production parameters exceed OWASP's Password Storage Cheat
// Sheet minimum (argon2id, m = 19 MiB, t = 2, p = 1): 64 MiB of memory, 3 passes, 1 lane.
import argon2 from 'argon2';

export interface Argon2Params {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over memory. */
  timeCost: number;
  parallelism: number;
}

export const ARGON2_PRODUCTION: Readonly<Argon2Params> = Object.freeze({ memoryCost: 65_536, timeCost: 3, parallelism: 1 });

export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...params });
}

/** Constant-time verify (inside the addon); a malformed stored hash counts as a mismatch. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch (error) {
    // A stored hash the addon cannot parse can never match; treat it as a failed check.
    if (error instanceof TypeError) return false;
    throw error;
  }
}
