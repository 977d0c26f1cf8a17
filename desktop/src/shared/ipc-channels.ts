// SPDX-License-Identifier: MIT
// Channel names only (no zod), so the preload bundle stays a few hundred bytes.

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). */
export const IPC_CHANNELS = {
  appVersion: 'strand:app-version',
  showNotification: 'strand:show-notification',
  openExternal: 'strand:open-external',
  takeProtocolLinks: 'strand:take-protocol-links',
  setupToken: 'strand:setup-token',
} as const;

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export const IPC_EVENTS = {
  /** A new lxm:// or lxmf:// link is waiting; the renderer then calls takeProtocolLinks. */
  protocolLinkAvailable: 'strand:protocol-link-available',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
