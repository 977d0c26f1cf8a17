// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { ARGON2_PRODUCTION, hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('uses argon2id at the production parameters (at least OWASP: m=19 MiB, t=2, p=1)', async () => {
    expect(ARGON2_PRODUCTION.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(ARGON2_PRODUCTION.timeCost).toBeGreaterThanOrEqual(2);
    const hash = await hashPassword('correct horse battery', ARGON2_PRODUCTION);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=1,t=3\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('treats a corrupt stored hash as a mismatch', async () => {
    expect(await verifyPassword('$argon2id$garbage', 'x')).toBe(false);
  });
});
