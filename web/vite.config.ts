// SPDX-License-Identifier: MIT
// Production build of the web UI into dist/backend/web/, which the Strand server serves at `/`.
// The output must run under `default-src 'self'` with no inline script or style: Vite emits only
// external <script type="module"> and <link rel="stylesheet"> tags, and the Vue runtime-only build
// never compiles templates at runtime (no eval / new Function).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import path from 'node:path';

const webRoot = import.meta.dirname;

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: path.resolve(webRoot, '..', 'dist', 'backend', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Inlined assets become data: URLs, which `img-src 'self'` may not allow: always emit files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The timing report fires whenever the machine is busy (CI with parallel tests); it is noise.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    // `npm run dev:web` against a node started with `npm start` (default port 8000).
    proxy: {
      '/api': { target: 'http://127.0.0.1:8000', ws: true },
    },
  },
});
