// SPDX-License-Identifier: MIT
// The conversation list; refreshed when a message arrives or changes state over the socket.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConversationSummary } from '../api/index.js';
import { useApi } from './inject-api.js';
import { useConnectionStore } from './connection.js';

export const useConversationsStore = defineStore('conversations', () => {
  const api = useApi();
  const conversations = ref<ConversationSummary[]>([]);
  const unreadTotal = computed(() => conversations.value.reduce((n, c) => n + c.unreadCount, 0));

  async function load(): Promise<void> {
    conversations.value = await api.node.conversations();
  }

  useConnectionStore().subscribe((event) => {
    if (event.type === 'message.new' || event.type === 'message.state') {
      void load().catch((err: unknown) => console.warn('conversation refresh failed', err));
    }
  });

  return { conversations, unreadTotal, load };
});
