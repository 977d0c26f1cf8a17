// SPDX-License-Identifier: MIT
// Mounts a view inside the real router and Pinia, with the API answered by a fake server.
import { mount, flushPromises } from '@vue/test-utils';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { API_KEY } from '../api/index.js';
import { createAppRouter } from '../router/index.js';
import { installSessionGuard } from '../router/session-guard.js';
import { createTestContext } from './fake-server.js';
import type { FetchLike } from '../api/http.js';

/** Mounts `component` as the app root at `path` (wired like main.ts), after the router's guard has run. */
export async function mountAt(component: Component, path: string, fetch: FetchLike) {
  let onUnauthorized: () => void = () => undefined;
  const ctx = createTestContext(fetch, () => onUnauthorized());
  const router = createAppRouter(ctx.pinia, createMemoryHistory());
  onUnauthorized = installSessionGuard(ctx.pinia, router);
  await router.push(path);
  await router.isReady();
  const wrapper = mount(component, {
    global: { plugins: [ctx.pinia, router], provide: { [API_KEY as symbol]: ctx.api } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router, ...ctx };
}
