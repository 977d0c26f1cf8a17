// SPDX-License-Identifier: MIT
// Network filter for the app's session (session.webRequest.onBeforeRequest): the renderer may talk
// to its own backend and nothing else. The backend's CSP already says so; this second layer holds
// even if a page or a message slipped past it, so a remote image in a message can never reveal the
// user's IP address to a third party (a privacy leak that matters on a mesh messenger).
import { originOf } from './navigation.js';

/** The WebSocket scheme that belongs to each page scheme. */
const SOCKET_SCHEME: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:' };

/** True when the renderer may load `url` while the app is served from `appOrigin`. */
export function isAllowedRequest(url: string, appOrigin: string): boolean {
  let parsed: URL;
  let app: URL;
  try {
    parsed = new URL(url);
    app = new URL(appOrigin);
  } catch (error) {
    void error; // an unparsable URL, or no backend yet ('null-origin:'): only data: below applies
    return url.startsWith('data:');
  }
  switch (parsed.protocol) {
    case 'data:':
      // The wrapper's own loading/crash pages and images the app inlines.
      return true;
    case 'blob:':
      // Blobs the app made itself (voice message recordings): blob:<app origin>/<uuid>.
      return originOf(url) === app.origin;
    case 'http:':
    case 'https:':
      return parsed.origin === app.origin;
    case 'ws:':
    case 'wss:':
      return SOCKET_SCHEME[app.protocol] === parsed.protocol && parsed.host === app.host;
    default:
      // file:, ftp:, chrome:, custom schemes and the rest.
      return false;
  }
}
