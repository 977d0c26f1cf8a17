// SPDX-License-Identifier: MIT
// `lxmf://` and `lxm://` links. `lxm://` carries a whole paper message: LXMF's LXMessage.as_uri()
// writes "lxm://" + URL-safe base64 of the packed message with the '=' padding removed, and the
// reference reader also strips '/' (some QR readers add a trailing slash). `lxmf://` names an
// address: the 16-byte LXMF delivery destination hash in hex, as Sideband and MeshChatX share it.
// Links arrive from the OS (argv on Windows/Linux, 'open-url' on macOS), i.e. from anyone, so they
// are parsed strictly and bounded before the renderer sees them.
import type { ProtocolLink } from '../shared/ipc-contract.js';
import { DesktopError } from './errors.js';

export const PROTOCOL_SCHEMES: readonly string[] = ['lxmf', 'lxm'];

/**
 * The largest paper message: a QR code holds 2953 bytes (LXMessage.QR_MAX_STORAGE), and the URI is
 * what goes into it, so a longer `lxm://` link did not come from a QR code and is refused.
 */
export const LXM_URI_MAX = 2953;

const HEX32 = /^[0-9a-f]{32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Parses one link; throws DESKTOP_ERR_PROTOCOL_LINK for anything that is not a valid Strand link. */
export function parseProtocolLink(raw: string): ProtocolLink {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (lower.startsWith('lxm://')) {
    if (text.length > LXM_URI_MAX) throw new DesktopError('DESKTOP_ERR_PROTOCOL_LINK', `lxm:// link longer than ${LXM_URI_MAX} characters`);
    const payload = text.slice('lxm://'.length).replaceAll('/', '');
    // A paper message is the 16-byte destination hash plus an encrypted token (ephemeral key, IV,
    // at least one AES block, HMAC): well over 100 base64 characters; anything shorter is not one.
    if (payload.length < 100 || !BASE64URL.test(payload)) throw new DesktopError('DESKTOP_ERR_PROTOCOL_LINK', 'lxm:// link does not carry a base64url paper message');
    return { kind: 'paper-message', uri: `lxm://${payload}` };
  }
  if (lower.startsWith('lxmf://')) {
    const hash = lower.slice('lxmf://'.length).replace(/\/$/, '');
    if (!HEX32.test(hash)) throw new DesktopError('DESKTOP_ERR_PROTOCOL_LINK', 'lxmf:// link must name a 32-hex-digit destination hash');
    return { kind: 'address', destinationHash: hash };
  }
  throw new DesktopError('DESKTOP_ERR_PROTOCOL_LINK', 'not an lxmf:// or lxm:// link');
}

/** Parses a link, returning null (and never throwing) for anything invalid. */
export function tryParseProtocolLink(raw: string): ProtocolLink | null {
  try {
    return parseProtocolLink(raw);
  } catch (error) {
    if (error instanceof DesktopError) return null;
    throw error;
  }
}

/**
 * Finds protocol links in a command line (Windows and Linux pass them as arguments to the first or
 * the second instance). Only arguments that start with a Strand scheme are considered, so a stray
 * flag can never be taken for a link.
 */
export function linksFromArgv(argv: readonly string[]): ProtocolLink[] {
  const out: ProtocolLink[] = [];
  for (const arg of argv) {
    if (!/^lxmf?:\/\//i.test(arg)) continue;
    const link = tryParseProtocolLink(arg);
    if (link) out.push(link);
  }
  return out;
}

/** Holds links until the renderer takes them (it may not be loaded yet when the OS hands one over). */
export class ProtocolLinkQueue {
  static readonly MAX = 32;
  private links: ProtocolLink[] = [];

  /** Adds a link; the oldest is dropped beyond MAX so a flood cannot grow memory. */
  push(link: ProtocolLink): void {
    this.links.push(link);
    if (this.links.length > ProtocolLinkQueue.MAX) this.links.shift();
  }

  take(): ProtocolLink[] {
    const out = this.links;
    this.links = [];
    return out;
  }
}
