// SPDX-License-Identifier: MIT
// The one place BrowserWindow options are made. Every window Strand opens goes through here, so a
// hardening flag cannot be forgotten on a second window (house style rule 9).

/** The subset of Electron's BrowserWindowConstructorOptions Strand sets. */
export interface HardenedWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  icon?: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webviewTag: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    safeDialogs: true;
    devTools: boolean;
  };
}

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script. */
  preloadPath: string;
  /** DevTools are available only in unpackaged (development) runs. */
  packaged: boolean;
  iconPath?: string;
}

export function createWindowOptions(input: WindowOptionsInput): HardenedWindowOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 480,
    title: 'Strand',
    // Shown on 'ready-to-show' so the user never sees a white flash.
    show: false,
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    ...(input.iconPath !== undefined ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      // The page and the preload live in separate JS worlds; only contextBridge values cross.
      contextIsolation: true,
      // The renderer is a Chromium sandboxed process; the preload gets only a tiny Electron subset.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A dropped file would otherwise navigate the window to file://.
      navigateOnDragDrop: false,
      // Chromium's spellchecker downloads dictionaries from Google on Windows and Linux: a request
      // to a third party that a privacy-minded mesh messenger should not make on its own.
      spellcheck: false,
      // A page cannot lock the user into an alert() loop.
      safeDialogs: true,
      devTools: !input.packaged,
    },
  };
}
