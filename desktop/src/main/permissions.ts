// SPDX-License-Identifier: MIT
// Permission allowlist (after Signal-Desktop's permissions module): Electron grants every
// permission by default, so a handler must decide each request. Strand needs notifications, and the
// microphone for recording voice messages; nothing else (no camera, geolocation, MIDI, HID, USB,
// serial from the renderer, display capture…). Only the app origin may ask at all.
import { originOf } from './navigation.js';

/** The subset of Electron's permission request details the policy reads. */
export interface PermissionDetails {
  /** The URL of the frame that asked (requestingUrl in Electron). */
  requestingUrl?: string;
  /** For `media`: which devices. A request without types is treated as asking for everything. */
  mediaTypes?: readonly string[];
}

export interface PermissionPolicy {
  /** Decides a `setPermissionRequestHandler` request. */
  decide(permission: string, details: PermissionDetails): boolean;
  /** Decides a `setPermissionCheckHandler` query (synchronous capability checks). */
  check(permission: string, requestingOrigin: string, mediaType?: string): boolean;
}

/**
 * Permissions granted to the app origin. `media` is granted only when the request is for audio
 * alone (voice messages); any video or unspecified device request is denied.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['notifications', 'media'];

export function createPermissionPolicy(options: { appOrigin: string; log: (line: string) => void }): PermissionPolicy {
  const fromApp = (url: string | undefined): boolean => url !== undefined && originOf(url) === options.appOrigin;
  const audioOnly = (types: readonly string[] | undefined): boolean => types !== undefined && types.length > 0 && types.every((t) => t === 'audio');
  return {
    decide(permission, details) {
      let ok = fromApp(details.requestingUrl) && ALLOWED_PERMISSIONS.includes(permission);
      if (ok && permission === 'media') ok = audioOnly(details.mediaTypes);
      if (!ok) options.log(`permission: denied ${permission} for ${details.requestingUrl ?? '(unknown frame)'}`);
      return ok;
    },
    check(permission, requestingOrigin, mediaType) {
      if (originOf(requestingOrigin) !== options.appOrigin) return false;
      if (permission === 'notifications') return true;
      if (permission === 'media') return mediaType === 'audio';
      return false;
    },
  };
}
