// SPDX-License-Identifier: MIT
// The desktop wrapper's narrow preload API (`window.strand`, see desktop/src/shared/ipc-contract.ts),
// when the UI runs inside it. Declared here by shape because web/ imports no code from desktop/.
export interface DesktopBridge {
  appVersion(): Promise<string>;
  showNotification(payload: { title: string; body: string; conversation?: string }): Promise<void>;
  setupToken(): Promise<string | null>;
  /** lxmf:// and lxm:// links the OS handed to the wrapper (older wrappers lack it). */
  onProtocolLink?(listener: (link: unknown) => void): () => void;
}

/** The wrapper's API, or null in an ordinary browser. */
export function desktopBridge(): DesktopBridge | null {
  const candidate = (globalThis as { strand?: unknown }).strand;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const api = candidate as Partial<DesktopBridge>;
  return typeof api.showNotification === 'function' && typeof api.setupToken === 'function' && typeof api.appVersion === 'function'
    ? (api as DesktopBridge)
    : null;
}
