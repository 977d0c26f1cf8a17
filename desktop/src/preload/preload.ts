// SPDX-License-Identifier: MIT
// The preload: runs in the sandboxed renderer before the page and puts exactly five functions (one
// of them subscribes to protocol links) on `window.strand`. Nothing Electron-shaped (ipcRenderer, events) crosses
// the bridge: the page gets plain functions, so it cannot send on arbitrary channels. Main checks
// the sender and validates every payload again; the checks here only fail early.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS } from '../shared/ipc-channels.js';
import type { ProtocolLink, ShowNotificationPayload, StrandDesktopApi } from '../shared/ipc-contract.js';

const api: StrandDesktopApi = {
  appVersion: async () => String(await ipcRenderer.invoke(IPC_CHANNELS.appVersion)),
  showNotification: async (payload: ShowNotificationPayload) => {
    await ipcRenderer.invoke(IPC_CHANNELS.showNotification, payload);
  },
  openExternal: async (url: string) => {
    await ipcRenderer.invoke(IPC_CHANNELS.openExternal, { url: String(url) });
  },
  setupToken: async () => {
    const token = await ipcRenderer.invoke(IPC_CHANNELS.setupToken);
    return typeof token === 'string' ? token : null;
  },
  onProtocolLink: (listener: (link: ProtocolLink) => void) => {
    const drain = async (): Promise<void> => {
      const links = (await ipcRenderer.invoke(IPC_CHANNELS.takeProtocolLinks)) as ProtocolLink[];
      for (const link of links) listener(link);
    };
    const onEvent = (_event: IpcRendererEvent): void => {
      void drain();
    };
    ipcRenderer.on(IPC_EVENTS.protocolLinkAvailable, onEvent);
    // Links that arrived before the page subscribed (e.g. the link that launched the app).
    void drain();
    return () => ipcRenderer.removeListener(IPC_EVENTS.protocolLinkAvailable, onEvent);
  },
};

contextBridge.exposeInMainWorld('strand', Object.freeze(api));
