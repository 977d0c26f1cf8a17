// SPDX-License-Identifier: MIT
// The open conversation: its messages (oldest first for display), live state and progress updates,
// and drafts kept per peer for the session.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Message, SendMethod, MessageState, OutgoingAttachment, OutgoingFields } from '../api/index.js';
import { parseMessage } from '../api/messages.js';
import { isRecord } from '../api/parse.js';
import { useApi } from './inject-api.js';
import { useConnectionStore } from './connection.js';

export const useThreadStore = defineStore('thread', () => {
  const api = useApi();
  const peerHash = ref<string | null>(null);
  const messages = ref<Message[]>([]);
  const drafts = ref<Record<string, string>>({});

  function upsert(m: Message): void {
    const i = messages.value.findIndex((x) => x.id === m.id);
    if (i >= 0) messages.value.splice(i, 1, m);
    else messages.value.push(m);
  }

  async function open(peer: string): Promise<void> {
    peerHash.value = peer;
    messages.value = [];
    const page = await api.messages.list(peer);
    messages.value = [...page].sort((a, b) => a.createdAt - b.createdAt);
    // The server knows no conversation (404) until a first message exists.
    if (page.length > 0) await api.messages.markRead(peer);
  }

  async function send(content: string, method: SendMethod, attachments: OutgoingAttachment[] = [], fields?: OutgoingFields): Promise<void> {
    if (!peerHash.value) return;
    upsert(await api.messages.send(peerHash.value, content, method, attachments, fields));
    drafts.value[peerHash.value] = '';
  }

  /** A reaction is its own small message carrying FIELD 64 (how Sideband/MeshChatX send them). */
  async function react(targetHash: string, emoji: string, method: SendMethod): Promise<void> {
    if (!peerHash.value) return;
    upsert(await api.messages.send(peerHash.value, '', method, [], { '64': { to: targetHash, content: emoji } }));
  }

  async function retry(id: string): Promise<void> {
    upsert(await api.messages.retry(id));
  }

  async function cancel(id: string): Promise<void> {
    upsert(await api.messages.cancel(id));
  }

  function patch(id: string, change: Partial<Message>): void {
    const m = messages.value.find((x) => x.id === id);
    if (m) upsert({ ...m, ...change });
  }

  useConnectionStore().subscribe((event) => {
    const d = event.data;
    if (!isRecord(d)) return;
    try {
      if (event.type === 'message.new') {
        const m = parseMessage(d['message']);
        if (m.peerHash === peerHash.value) upsert(m);
      } else if (event.type === 'message.state' && typeof d['id'] === 'string') {
        patch(d['id'], { state: d['state'] as MessageState });
      } else if (event.type === 'message.progress' && typeof d['id'] === 'string' && typeof d['progress'] === 'number') {
        patch(d['id'], { progress: d['progress'] });
      }
    } catch (err) {
      console.warn(`ignoring malformed ${event.type} event`, err);
    }
  });

  return { peerHash, messages, drafts, open, send, react, retry, cancel };
});
