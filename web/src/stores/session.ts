// SPDX-License-Identifier: MIT
// Who is signed in, and the node status that decides which screen to show (setup, login, app).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { NodeStatus, SessionInfo } from '../api/index.js';
import { useApi } from './inject-api.js';

export const useSessionStore = defineStore('session', () => {
  const api = useApi();
  const status = ref<NodeStatus | null>(null);
  const sessions = ref<SessionInfo[]>([]);

  const setupRequired = computed(() => status.value?.setupRequired ?? false);
  const authenticated = computed(() => status.value?.authenticated ?? false);

  /** Reloads /status. Throws NetworkError/ApiError: the caller shows the failure. */
  async function refresh(): Promise<NodeStatus> {
    status.value = await api.status.get();
    return status.value;
  }

  async function setup(setupToken: string, password: string): Promise<void> {
    await api.auth.setup(setupToken, password);
    await refresh();
  }

  async function login(password: string): Promise<void> {
    await api.auth.login(password);
    await refresh();
  }

  async function logout(): Promise<void> {
    await api.auth.logout();
    sessions.value = [];
    await refresh();
  }

  /** Marks the browser signed out without a request (the server already said 401). */
  function markSignedOut(): void {
    if (status.value) status.value = { ...status.value, authenticated: false };
    sessions.value = [];
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await api.auth.changePassword(currentPassword, newPassword);
  }

  async function loadSessions(): Promise<void> {
    sessions.value = await api.auth.sessions();
  }

  async function revokeSession(id: string): Promise<void> {
    await api.auth.revokeSession(id);
    sessions.value = sessions.value.filter((s) => s.id !== id);
  }

  return {
    status,
    sessions,
    setupRequired,
    authenticated,
    refresh,
    setup,
    login,
    logout,
    markSignedOut,
    changePassword,
    loadSessions,
    revokeSession,
  };
});
