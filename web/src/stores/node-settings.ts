// SPDX-License-Identifier: MIT
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { NodeSettings } from '../api/index.js';
import { useApi } from './inject-api.js';

export const useNodeSettingsStore = defineStore('nodeSettings', () => {
  const api = useApi();
  const settings = ref<NodeSettings | null>(null);

  async function load(): Promise<void> {
    settings.value = await api.node.settings();
  }

  async function save(patch: Partial<NodeSettings>): Promise<void> {
    settings.value = await api.node.updateSettings(patch);
  }

  return { settings, load, save };
});
