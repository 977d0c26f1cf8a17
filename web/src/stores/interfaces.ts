// SPDX-License-Identifier: MIT
// Reticulum interfaces: the configured blocks with live state. `interface.state` events patch
// enabled/online at once; counters come from the list, refreshed while the screen is open.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { InterfaceOptions, NetworkInterface } from '../api/index.js';
import { isRecord } from '../api/parse.js';
import { useApi } from './inject-api.js';
import { useConnectionStore } from './connection.js';

export const useInterfacesStore = defineStore('interfaces', () => {
  const api = useApi();
  const items = ref<NetworkInterface[]>([]);
  const loaded = ref(false);

  function upsert(i: NetworkInterface): void {
    const at = items.value.findIndex((x) => x.name === i.name);
    if (at >= 0) items.value.splice(at, 1, i);
    else items.value.push(i);
  }

  async function load(): Promise<void> {
    items.value = await api.interfaces.list();
    loaded.value = true;
  }

  async function add(name: string, options: InterfaceOptions): Promise<void> {
    upsert(await api.interfaces.add(name, options));
  }

  async function update(name: string, options: InterfaceOptions): Promise<void> {
    upsert(await api.interfaces.update(name, options));
  }

  async function setEnabled(name: string, enabled: boolean): Promise<void> {
    upsert(await api.interfaces.setEnabled(name, enabled));
  }

  async function remove(name: string): Promise<void> {
    await api.interfaces.remove(name);
    items.value = items.value.filter((x) => x.name !== name);
  }

  /** Saved blocks take effect in the running stack only after this (the server does not restart interfaces on save). */
  async function apply(): Promise<void> {
    await api.interfaces.reload();
    await load();
  }

  useConnectionStore().subscribe((event) => {
    if (event.type !== 'interface.state' || !isRecord(event.data)) return;
    const d = event.data;
    const current = items.value.find((x) => x.name === d['name']);
    if (!current) return;
    const online = typeof d['online'] === 'boolean' ? d['online'] : (current.stats?.online ?? false);
    upsert({
      ...current,
      enabled: typeof d['enabled'] === 'boolean' ? d['enabled'] : current.enabled,
      stats: { rxBytes: 0, txBytes: 0, ...current.stats, online },
    });
  });

  return { items, loaded, load, add, update, setEnabled, remove, apply };
});
