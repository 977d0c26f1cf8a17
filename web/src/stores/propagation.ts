// SPDX-License-Identifier: MIT
// Propagation nodes, the chosen one, and live sync progress (pushed as `sync.progress` events).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PropagationNode, SyncProgress } from '../api/index.js';
import { parseSyncProgress } from '../api/node.js';
import { useApi } from './inject-api.js';
import { useConnectionStore } from './connection.js';
import { useNodeSettingsStore } from './node-settings.js';

export const usePropagationStore = defineStore('propagation', () => {
  const api = useApi();
  const settings = useNodeSettingsStore();
  const nodes = ref<PropagationNode[]>([]);
  const selected = ref<string | null>(null);
  const sync = ref<SyncProgress | null>(null);

  async function load(): Promise<void> {
    const [list, state] = await Promise.all([api.node.propagationNodes(), api.node.syncState(), settings.load()]);
    nodes.value = list.nodes;
    selected.value = list.selected;
    sync.value = state;
  }

  async function choose(hash: string | null): Promise<void> {
    await settings.save({ preferredPropagationNode: hash });
    selected.value = settings.settings?.preferredPropagationNode ?? hash;
  }

  async function syncNow(): Promise<void> {
    sync.value = await api.node.syncNow();
  }

  useConnectionStore().subscribe((event) => {
    if (event.type !== 'sync.progress') return;
    try {
      sync.value = parseSyncProgress(event.data);
    } catch (err) {
      console.warn('ignoring malformed sync.progress event', err);
    }
  });

  return { nodes, selected, sync, load, choose, syncNow };
});
