// SPDX-License-Identifier: MIT
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../shared/ipc-contract.js';
import type { ShowNotificationPayload } from '../shared/ipc-contract.js';
import { createIpcHandlers, isTrustedSender } from './ipc-handlers.js';
import type { IpcSender } from './ipc-handlers.js';

const appOrigin = 'http://127.0.0.1:41234';
const top = (url: string): IpcSender => ({ senderFrame: { url, parent: null } });

function setup() {
  const notifications: ShowNotificationPayload[] = [];
  const opened: string[] = [];
  const logged: string[] = [];
  const handlers = createIpcHandlers({
    appOrigin: () => appOrigin,
    appVersion: '1.2.3',
    showNotification: (p) => notifications.push(p),
    openExternal: async (url) => {
      opened.push(url);
    },
    takeProtocolLinks: () => [{ kind: 'address', destinationHash: 'ab'.repeat(16) }],
    readSetupToken: () => 'tok-123',
    log: (line) => logged.push(line),
  });
  return { handlers, notifications, opened, logged };
}

describe('IPC sender check', () => {
  it('trusts only the top-level frame of the app origin', () => {
    expect(isTrustedSender(top(`${appOrigin}/conversations`), appOrigin)).toBe(true);
    expect(isTrustedSender(top('http://127.0.0.1:41235/'), appOrigin)).toBe(false);
    expect(isTrustedSender(top('https://evil.example/'), appOrigin)).toBe(false);
    expect(isTrustedSender(top('data:text/html,x'), appOrigin)).toBe(false);
    expect(isTrustedSender({ senderFrame: { url: `${appOrigin}/`, parent: {} } }, appOrigin)).toBe(false);
    expect(isTrustedSender({ senderFrame: null }, appOrigin)).toBe(false);
  });

  it('refuses every channel from a foreign sender before looking at the payload', async () => {
    const { handlers, notifications, logged } = setup();
    for (const handler of Object.values(handlers)) {
      await expect(handler(top('https://evil.example/'), { title: 'x', body: 'y' })).rejects.toMatchObject({ code: 'DESKTOP_ERR_IPC_SENDER' });
    }
    expect(notifications).toEqual([]);
    expect(logged).toHaveLength(5);
  });
});

describe('IPC handlers', () => {
  it('answers valid calls from the app', async () => {
    const { handlers, notifications, opened } = setup();
    const app = top(`${appOrigin}/`);
    expect(await handlers[IPC_CHANNELS.appVersion](app)).toBe('1.2.3');
    await handlers[IPC_CHANNELS.showNotification](app, { title: 'Bob', body: 'hello', conversation: 'cd'.repeat(16) });
    expect(notifications).toEqual([{ title: 'Bob', body: 'hello', conversation: 'cd'.repeat(16) }]);
    await handlers[IPC_CHANNELS.openExternal](app, { url: 'https://example.org/' });
    expect(opened).toEqual(['https://example.org/']);
    expect(await handlers[IPC_CHANNELS.setupToken](app)).toBe('tok-123');
    expect(await handlers[IPC_CHANNELS.takeProtocolLinks](app)).toEqual([{ kind: 'address', destinationHash: 'ab'.repeat(16) }]);
  });

  it('rejects invalid payloads with a typed error', async () => {
    const { handlers, notifications } = setup();
    const app = top(`${appOrigin}/`);
    const bad = { code: 'DESKTOP_ERR_IPC_PAYLOAD' };
    await expect(handlers[IPC_CHANNELS.showNotification](app, { title: 'x' })).rejects.toMatchObject(bad);
    await expect(handlers[IPC_CHANNELS.showNotification](app, { title: 'x', body: 'y', extra: 1 })).rejects.toMatchObject(bad);
    await expect(handlers[IPC_CHANNELS.showNotification](app, { title: 'x', body: 'y' }, 'second argument')).rejects.toMatchObject(bad);
    await expect(handlers[IPC_CHANNELS.openExternal](app, 'https://example.org/')).rejects.toMatchObject(bad);
    await expect(handlers[IPC_CHANNELS.appVersion](app, 'unexpected')).rejects.toMatchObject(bad);
    expect(notifications).toEqual([]);
  });
});
