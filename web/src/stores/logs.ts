// SPDX-License-Identifier: MIT
// Debug log and access log, filtered and paged ("load older" uses the smallest id seen).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AccessLogEntry, AccessLogFilter, DebugLogEntry, DebugLogFilter } from '../api/index.js';
import { useApi } from './inject-api.js';

export const LOG_PAGE_SIZE = 100;

export const useLogsStore = defineStore('logs', () => {
  const api = useApi();
  const access = ref<AccessLogEntry[]>([]);
  const debug = ref<DebugLogEntry[]>([]);
  const accessDone = ref(false);
  const debugDone = ref(false);

  async function loadAccess(filter: Omit<AccessLogFilter, 'before' | 'limit'>, more = false): Promise<void> {
    const before = more ? access.value.at(-1)?.id : undefined;
    const page = await api.node.accessLog({ ...filter, before, limit: LOG_PAGE_SIZE });
    access.value = more ? [...access.value, ...page] : page;
    accessDone.value = page.length < LOG_PAGE_SIZE;
  }

  async function loadDebug(filter: Omit<DebugLogFilter, 'before' | 'limit'>, more = false): Promise<void> {
    const before = more ? debug.value.at(-1)?.id : undefined;
    const page = await api.node.debugLog({ ...filter, before, limit: LOG_PAGE_SIZE });
    debug.value = more ? [...debug.value, ...page] : page;
    debugDone.value = page.length < LOG_PAGE_SIZE;
  }

  return { access, debug, accessDone, debugDone, loadAccess, loadDebug };
});
