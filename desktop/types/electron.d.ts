// SPDX-License-Identifier: MIT
// A hand-kept subset of Electron's API types (Electron 39+), only what desktop/src/main/main.ts and
// desktop/src/preload/preload.ts call. The `electron` package is deliberately not a dependency: its
// postinstall downloads the Electron binary, which our build machines cannot do, and `npm ci` must
// succeed there. electron-builder downloads the pinned Electron at package time instead.
// Keep each declaration identical in shape to electron.d.ts of the pinned version.
declare module 'electron' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';

  interface Event {
    preventDefault(): void;
  }
  interface WebFrameMain {
    readonly url: string;
    readonly parent: WebFrameMain | null;
  }
  interface IpcMainInvokeEvent extends Event {
    readonly senderFrame: WebFrameMain | null;
  }
  interface PermissionRequestDetails {
    requestingUrl?: string;
    mediaTypes?: Array<'video' | 'audio'>;
  }
  interface Certificate {
    fingerprint: string;
  }
  interface WebRequest {
    onBeforeRequest(listener: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | null): void;
  }
  interface Session {
    readonly webRequest: WebRequest;
    setPermissionRequestHandler(handler: ((webContents: WebContents, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void) | null): void;
    setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string, details: { mediaType?: string }) => boolean) | null): void;
  }
  interface WebContents {
    readonly session: Session;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: Event, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
    send(channel: string, ...args: unknown[]): void;
    getURL(): string;
  }
  class BrowserWindow {
    constructor(options?: object);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    hide(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
  }
  interface App extends EventEmitter {
    readonly isPackaged: boolean;
    getVersion(): string;
    getPath(name: 'userData' | 'appData' | 'logs'): string;
    getAppPath(): string;
    requestSingleInstanceLock(): boolean;
    enableSandbox(): void;
    setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
    whenReady(): Promise<void>;
    quit(): void;
    exit(code?: number): void;
    on(event: 'second-instance', listener: (event: Event, argv: string[]) => void): this;
    on(event: 'open-url', listener: (event: Event, url: string) => void): this;
    on(event: 'before-quit' | 'window-all-closed' | 'activate', listener: (event: Event) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): this;
    on(event: 'certificate-error', listener: (event: Event, webContents: WebContents, url: string, error: string, certificate: Certificate, callback: (trust: boolean) => void) => void): this;
  }
  const app: App;
  const dialog: {
    showErrorBox(title: string, content: string): void;
    showMessageBoxSync(options: { type: 'error' | 'info'; title: string; message: string; detail?: string; buttons?: string[] }): number;
  };
  const shell: { openExternal(url: string): Promise<void> };
  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown): void;
  };
  interface UtilityProcess {
    readonly pid: number | undefined;
    readonly stdout: Readable | null;
    readonly stderr: Readable | null;
    kill(): boolean;
    once(event: 'exit', listener: (code: number) => void): this;
  }
  const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { env?: Record<string, string>; stdio?: 'pipe' | 'ignore' | 'inherit'; serviceName?: string; cwd?: string }): UtilityProcess;
  };
  interface NativeImage {
    isEmpty(): boolean;
  }
  const nativeImage: { createFromPath(path: string): NativeImage };
  class Menu {
    static buildFromTemplate(template: object[]): Menu;
  }
  class Tray {
    constructor(image: NativeImage);
    setToolTip(toolTip: string): void;
    setContextMenu(menu: Menu | null): void;
    on(event: 'click', listener: () => void): this;
  }
  class Notification {
    static isSupported(): boolean;
    constructor(options: { title: string; body: string; silent?: boolean });
    show(): void;
    on(event: 'click', listener: () => void): this;
  }
  interface IpcRendererEvent {
    readonly senderId: number;
  }
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  };
  const contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };
}
