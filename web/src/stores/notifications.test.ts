// SPDX-License-Identifier: MIT
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer, createTestContext, pushEvent } from '../test-support/fake-server.js';
import { useConnectionStore } from './connection.js';
import { useNotificationsStore } from './notifications.js';

const shown: { title: string; body?: string; tag?: string }[] = [];
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = 'granted';
    return 'granted' as const;
  });
  constructor(title: string, options: NotificationOptions = {}) {
    shown.push({ title, body: options.body, tag: options.tag });
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  shown.length = 0;
});

function setup(hidden: boolean) {
  vi.stubGlobal('Notification', FakeNotification);
  vi.spyOn(document, 'hidden', 'get').mockReturnValue(hidden);
  const { pinia, app, sockets } = createTestContext(createFakeServer({ authenticated: true }).fetch);
  const store = app.runWithContext(() => useNotificationsStore(pinia));
  app.runWithContext(() => useConnectionStore(pinia)).connect();
  return { store, sockets };
}

const inbound = { message: { id: '01'.repeat(16), peerHash: 'aa'.repeat(16), direction: 'inbound', content: 'ping' } };

describe('notifications store', () => {
  it('notifies for inbound messages only after permission and only while the tab is hidden', async () => {
    FakeNotification.permission = 'default';
    const { store, sockets } = setup(true);
    pushEvent(sockets, 'message.new', inbound);
    expect(shown).toHaveLength(0);
    await store.request();
    expect(store.permission).toBe('granted');
    pushEvent(sockets, 'message.new', inbound);
    pushEvent(sockets, 'message.new', { message: { ...inbound.message, direction: 'outbound' } });
    expect(shown).toEqual([{ title: 'New message', body: 'ping', tag: 'aa'.repeat(16) }]);
  });

  it('stays quiet while the tab is visible', () => {
    FakeNotification.permission = 'granted';
    const { sockets } = setup(false);
    pushEvent(sockets, 'message.new', inbound);
    expect(shown).toHaveLength(0);
  });
});
