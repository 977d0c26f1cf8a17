// SPDX-License-Identifier: MIT
// Browser notifications for incoming messages, shown only when the user allowed them and the tab
// is not in front (a visible tab already shows the message).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isRecord } from '../api/parse.js';
import { t } from '../i18n/index.js';
import { useConnectionStore } from './connection.js';
import { desktopBridge } from '../desktop.js';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

function currentPermission(): NotificationPermissionState {
  return typeof globalThis.Notification === 'function' ? globalThis.Notification.permission : 'unsupported';
}

export const useNotificationsStore = defineStore('notifications', () => {
  const permission = ref<NotificationPermissionState>(currentPermission());

  async function request(): Promise<void> {
    if (permission.value === 'unsupported') return;
    permission.value = await globalThis.Notification.requestPermission();
  }

  useConnectionStore().subscribe((event) => {
    if (event.type !== 'message.new' || !document.hidden) return;
    const m = isRecord(event.data) ? event.data['message'] : null;
    if (!isRecord(m) || m['direction'] !== 'inbound') return;
    const body = typeof m['content'] === 'string' ? m['content'].slice(0, 140) : '';
    const peer = typeof m['peerHash'] === 'string' ? m['peerHash'] : '';
    // Inside the desktop app, native notifications go through the wrapper (its permission policy
    // decides); a click there opens the conversation.
    const desktop = desktopBridge();
    if (desktop) {
      void desktop.showNotification({ title: t('notifications.newMessage'), body, ...(/^[0-9a-f]{32}$/.test(peer) ? { conversation: peer } : {}) });
      return;
    }
    if (permission.value !== 'granted') return;
    // The tag collapses a burst from one peer into one notification.
    new globalThis.Notification(t('notifications.newMessage'), { body, tag: peer });
  });

  return { permission, request };
});
