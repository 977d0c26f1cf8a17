// SPDX-License-Identifier: MIT
import { defineConfig } from 'vitest/config';

// One runner for everything that runs under Node: colocated `*.test.ts` files next to the code.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'integrity/**/*.test.ts', 'desktop/**/*.test.ts', 'web/src/**/*.test.ts', '.github/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
