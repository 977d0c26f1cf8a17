// SPDX-License-Identifier: MIT
// Data-at-rest warnings found at the node's startup, and the owner's acknowledgement.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DataAtRest } from '../api/index.js';
import { useApi } from './inject-api.js';

export const useIntegrityStore = defineStore('integrity', () => {
  const api = useApi();
  const dataAtRest = ref<DataAtRest | null>(null);
  const pending = computed(() => dataAtRest.value !== null && !dataAtRest.value.acknowledged && dataAtRest.value.warnings.length > 0);

  async function load(): Promise<void> {
    dataAtRest.value = await api.integrity.dataAtRest();
  }

  async function acknowledge(): Promise<void> {
    dataAtRest.value = await api.integrity.acknowledge();
  }

  return { dataAtRest, pending, load, acknowledge };
});
