// SPDX-License-Identifier: MIT
// LXMF links a user meets: `lxmf://<destination hash>` (an address, as Sideband and MeshChatX share
// them; also written `lxmf:<hash>`) and `lxm://<base64url>` (a whole paper message, LXMessage.as_uri).
// They come from message text (any sender) and from the desktop wrapper (any program on the
// machine), so they are parsed strictly and bounded; the server validates paper messages again.
// The rules match desktop/src/main/protocol-links.ts (web/ imports no code from desktop/).

export type AppLink = { kind: 'address'; destinationHash: string } | { kind: 'paper-message'; uri: string };

/** A QR code holds at most 2953 bytes (LXMessage.QR_MAX_STORAGE): a longer link is not a paper message. */
export const LXM_URI_MAX = 2953;
const HEX32 = /^[0-9a-f]{32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Parses one link, or returns null for anything that is not a valid LXMF link. */
export function parseAppLink(raw: string): AppLink | null {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith('lxm://')) {
    if (text.length > LXM_URI_MAX) return null;
    const payload = text.slice('lxm://'.length).replaceAll('/', '');
    // Destination hash + ephemeral key + IV + one AES block + HMAC: never under 100 characters.
    return payload.length >= 100 && BASE64URL.test(payload) ? { kind: 'paper-message', uri: `lxm://${payload}` } : null;
  }
  const m = /^lxmf:(?:\/\/)?([0-9a-f]{32})\/?$/.exec(lower);
  return m?.[1] && HEX32.test(m[1]) ? { kind: 'address', destinationHash: m[1] } : null;
}

/**
 * What a person types or pastes into the Open field: any link parseAppLink reads, or a bare address
 * as NomadNet and Sideband display it (32 hex digits, NomadNet wraps it in angle brackets). Only
 * for typed input: in message text a bare hash stays text, it is not made a link.
 */
export function parseTypedLink(raw: string): AppLink | null {
  const link = parseAppLink(raw);
  if (link) return link;
  const m = /^<?([0-9a-f]{32})>?$/.exec(raw.trim().toLowerCase());
  return m?.[1] ? { kind: 'address', destinationHash: m[1] } : null;
}

/** A link from the desktop wrapper ({kind, destinationHash} or {kind, uri}), re-checked here. */
export function appLinkFromDesktop(raw: unknown): AppLink | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { kind?: unknown; destinationHash?: unknown; uri?: unknown };
  if (r.kind === 'address' && typeof r.destinationHash === 'string') return parseAppLink(`lxmf://${r.destinationHash}`);
  if (r.kind === 'paper-message' && typeof r.uri === 'string') return parseAppLink(r.uri);
  return null;
}

/** The canonical text of a link (what a message shows and copies). */
export function appLinkText(link: AppLink): string {
  return link.kind === 'address' ? `lxmf://${link.destinationHash}` : link.uri;
}

type Handler = (link: AppLink) => void;
let handler: Handler | null = null;

/** The signed-in app registers how links open (conversation, paper import); null unregisters. */
export function setAppLinkHandler(h: Handler | null): void {
  handler = h;
}

/** Opens a link in the app; false when no handler is registered (e.g. on the login page). */
export function openAppLink(link: AppLink): boolean {
  if (!handler) return false;
  handler(link);
  return true;
}
