// SPDX-License-Identifier: MIT
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// One runner, three projects: colocated `*.test.ts` files under Node; the web UI's component and
// store tests in a DOM (happy-dom) with the Vue plugin; and the browser end-to-end tests, which run
// under Node and drive a real Chromium against a real Strand server.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['server/**/*.test.ts', 'integrity/**/*.test.ts', 'desktop/**/*.test.ts', 'bench/**/*.test.ts', '.github/**/*.test.ts'],
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds the backend and the web UI once before the browser tests run.
          globalSetup: ['web/e2e/global-setup.ts'],
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
