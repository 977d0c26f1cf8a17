// SPDX-License-Identifier: MIT
// Contacts and announces ("peers"): the people and nodes this node has heard of.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Announce, AnnounceAspect, Contact } from '../api/index.js';
import { useApi } from './inject-api.js';
import { useConnectionStore } from './connection.js';

export const usePeersStore = defineStore('peers', () => {
  const api = useApi();
  const contacts = ref<Contact[]>([]);
  const announces = ref<Announce[]>([]);
  const aspect = ref<AnnounceAspect>('lxmf.delivery');
  const search = ref('');

  async function loadContacts(): Promise<void> {
    contacts.value = await api.node.contacts();
  }

  async function loadAnnounces(): Promise<void> {
    announces.value = await api.node.announces(aspect.value, search.value.trim() || undefined);
  }

  function upsertContact(c: Contact): void {
    const i = contacts.value.findIndex((x) => x.hash === c.hash);
    if (i >= 0) contacts.value.splice(i, 1, c);
    else contacts.value.push(c);
  }

  async function saveContact(hash: string, patch: { name?: string | null; blocked?: boolean }): Promise<void> {
    upsertContact(await api.node.saveContact(hash, patch));
  }

  async function deleteContact(hash: string): Promise<void> {
    await api.node.deleteContact(hash);
    contacts.value = contacts.value.filter((c) => c.hash !== hash);
  }

  // A live announce for the aspect on screen refreshes the list (cheap: the server caps it).
  useConnectionStore().subscribe((event) => {
    if (event.type === 'announce') void loadAnnounces().catch((err: unknown) => console.warn('announce refresh failed', err));
  });

  return { contacts, announces, aspect, search, loadContacts, loadAnnounces, saveContact, deleteContact };
});
