// SPDX-License-Identifier: MIT
// DNS-rebinding guard. A page on attacker.example can re-point its own name at this node's LAN
// address; the browser then treats our API as same-origin with the attacker's page (Origin and Host
// both say attacker.example, so the CSRF check alone cannot tell). The one thing such a request
// cannot fake is the name in Host: only names that public DNS cannot hand to an attacker are
// accepted by default (IP literals, single-label names, and names under suffixes reserved for
// local use), plus the names the owner lists with --allowed-hosts / STRAND_ALLOWED_HOSTS.
import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { sendError } from './errors.js';

/** Suffixes no public registry delegates (RFC 6761/6762/8375 and the ICANN-reserved .internal). */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.home.arpa', '.internal', '.lan'];

/** Host header → lower-case name without port or IPv6 brackets; null when it is not a plausible host. */
export function hostName(header: string | undefined): string | null {
  if (header === undefined || header.length === 0 || header.length > 255) return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return h.slice(1, end);
  }
  const m = /^([a-z0-9._-]+)(?::\d{1,5})?$/.exec(h);
  return m?.[1]?.replace(/\.$/, '') ?? null;
}

function listed(name: string, allowed: readonly string[]): boolean {
  for (const raw of allowed) {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    if (entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry) return true;
  }
  return false;
}

/** True when a request addressed to `header` may be served. */
export function hostAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  const name = hostName(header);
  if (name === null) return false;
  if (net.isIP(name) !== 0) return true;
  if (!name.includes('.')) return true;
  if (LOCAL_SUFFIXES.some((s) => name.endsWith(s))) return true;
  return listed(name, allowed);
}

export function hostRefusal(header: string | undefined): string {
  const name = hostName(header) ?? '(invalid)';
  return `this node is not served under the name '${name}'; if that is your name for it, start Strand with --allowed-hosts ${name} (or STRAND_ALLOWED_HOSTS)`;
}

/** Express middleware: 421 for hosts outside the allowlist, before any route or static file. */
export function hostCheck(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.host;
    if (hostAllowed(header, allowed)) return next();
    sendError(res, 421, 'HOST_NOT_ALLOWED', hostRefusal(header));
  };
}

/** The same check for the WebSocket upgrade, which bypasses Express. */
export function upgradeHostAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  return hostAllowed(req.headers.host, allowed);
}
