// SPDX-License-Identifier: MIT
// The live-event connection: its state (shown as the offline banner) and a tiny typed event bus
// that domain stores subscribe to.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SocketEvent, SocketState } from '../api/index.js';
import type { SocketClient } from '../api/socket.js';
import { useApi } from './inject-api.js';

type Listener = (event: SocketEvent) => void;

export const useConnectionStore = defineStore('connection', () => {
  const api = useApi();
  /** 'idle' while signed out: no socket is wanted, so no offline banner either. */
  const state = ref<SocketState | 'idle'>('idle');
  const listeners = new Set<Listener>();
  let client: SocketClient | null = null;
  let unauthorizedHandler: (() => void) | null = null;

  const offline = computed(() => state.value === 'offline');

  function connect(): void {
    if (client) return;
    client = api.socket({
      onEvent: (event) => {
        for (const l of listeners) l(event);
      },
      onState: (s) => {
        state.value = s;
      },
      onUnauthorized: () => {
        disconnect();
        unauthorizedHandler?.();
      },
    });
    client.start();
  }

  function disconnect(): void {
    client?.stop();
    client = null;
    state.value = 'idle';
  }

  /** Subscribes to live events; returns the unsubscribe function. */
  function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function onUnauthorized(handler: () => void): void {
    unauthorizedHandler = handler;
  }

  return { state, offline, connect, disconnect, subscribe, onUnauthorized };
});
