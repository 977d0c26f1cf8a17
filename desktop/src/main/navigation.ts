// SPDX-License-Identifier: MIT
// Navigation policy for every window: the renderer may only ever show the app's own origin (the
// loopback backend). Anything else is denied; http(s) and mailto links are handed to the OS browser
// or mail client instead. Signal-Desktop does the same; MeshChatX had no navigation guard, so a
// link in a message could replace the app with an arbitrary page that kept the preload API.
import { DesktopError } from './errors.js';

/** Schemes the OS may open for the user. `file:`, `javascript:`, custom schemes etc. never leave the app. */
export const EXTERNAL_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/** `origin` of a URL, or null when it is unparsable or has an opaque origin. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch (error) {
    // An unparsable URL has no origin; callers treat null as "not the app".
    void error;
    return null;
  }
}

/** True when `url` is on exactly the app origin (scheme, host and port). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

/**
 * Returns the normalised URL when the OS may open it (http/https/mailto, no credentials in the
 * URL), else null. Credentials are refused because `https://app.example@evil.example/` tricks
 * users into trusting the wrong host.
 */
export function externalUrlOrNull(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    void error; // not a URL: nothing to open
    return null;
  }
  if (!EXTERNAL_SCHEMES.includes(parsed.protocol)) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol !== 'mailto:' && parsed.hostname === '') return null;
  return parsed.href;
}

export interface NavigationGuardDeps {
  /** The backend origin, e.g. `http://127.0.0.1:43123`. */
  appOrigin: string;
  /** shell.openExternal in production. */
  openExternal: (url: string) => Promise<void>;
  /** Where denied navigations are reported (never silently). */
  log: (line: string) => void;
}

/** The parts of Electron's navigation event the guard touches. */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationGuard {
  /** `webContents.on('will-navigate' | 'will-redirect' | 'will-frame-navigate', …)` handler. */
  onWillNavigate(event: PreventableEvent, url: string): void;
  /** `webContents.setWindowOpenHandler` handler: new windows are always denied. */
  windowOpenHandler(details: { url: string }): { action: 'deny' };
  /** Opens `url` outside the app if the policy allows it; throws DESKTOP_ERR_EXTERNAL_URL otherwise. */
  openExternalChecked(url: string): Promise<void>;
}

export function createNavigationGuard(deps: NavigationGuardDeps): NavigationGuard {
  const openExternalChecked = async (url: string): Promise<void> => {
    const safe = externalUrlOrNull(url);
    if (safe === null) throw new DesktopError('DESKTOP_ERR_EXTERNAL_URL', `refused to open ${JSON.stringify(url.slice(0, 200))} outside the app`);
    await deps.openExternal(safe);
  };
  const handOff = (url: string): void => {
    if (externalUrlOrNull(url) === null) {
      deps.log(`navigation: denied ${url.slice(0, 200)}`);
      return;
    }
    openExternalChecked(url).catch((error: unknown) => deps.log(`navigation: opening ${url.slice(0, 200)} failed: ${String(error)}`));
  };
  return {
    onWillNavigate(event, url) {
      if (isAppUrl(url, deps.appOrigin)) return;
      event.preventDefault();
      handOff(url);
    },
    windowOpenHandler({ url }) {
      // Even same-origin popups are denied: a second window would need its own hardening and the
      // UI has no use for one. External links open in the OS browser; the app's own pages do not
      // (a browser tab would run the UI outside the wrapper).
      if (isAppUrl(url, deps.appOrigin)) deps.log(`navigation: denied a new window for ${url.slice(0, 200)}`);
      else handOff(url);
      return { action: 'deny' };
    },
    openExternalChecked,
  };
}
