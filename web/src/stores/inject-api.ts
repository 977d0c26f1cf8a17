// SPDX-License-Identifier: MIT
import { inject } from 'vue';
import { API_KEY } from '../api/index.js';
import type { Api } from '../api/index.js';

/** The API facade, provided by main.ts (or a test) on the app that owns the Pinia instance. */
export function useApi(): Api {
  const api = inject(API_KEY);
  if (!api) throw new Error('API not provided: call app.provide(API_KEY, createApi()) before using stores');
  return api;
}
