// SPDX-License-Identifier: MIT
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Profile } from '../api/index.js';
import { useApi } from './inject-api.js';

export const useProfileStore = defineStore('profile', () => {
  const api = useApi();
  const profile = ref<Profile | null>(null);

  async function load(): Promise<void> {
    profile.value = await api.node.profile();
  }

  async function save(patch: Partial<Pick<Profile, 'displayName' | 'autoAnnounceIntervalS'>>): Promise<void> {
    profile.value = await api.node.updateProfile(patch);
  }

  async function announceNow(): Promise<void> {
    await api.node.announceNow();
    await load();
  }

  return { profile, load, save, announceNow };
});
