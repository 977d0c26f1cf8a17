// SPDX-License-Identifier: MIT
// Loader of the abstract-socket addon (native/, built by node-gyp at install). The addon is
// optional: when it is missing (not built, not Linux, a bundle without it) `abstractSockets()`
// returns null and Strand falls back to the TCP shared instance and /proc/net/unix detection.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The addon's surface: each call returns a file descriptor or throws an Error with `code`. */
export interface AbstractSocketAddon {
  /** Binds and listens on `\0<name>` with the exact address length (EADDRINUSE when taken). */
  listen(name: string, backlog: number): number;
  /** Connects to `\0<name>` (ECONNREFUSED when nobody listens). Non-blocking descriptor. */
  connect(name: string): number;
  /** Closes a descriptor that was never handed to Node. */
  close(fd: number): void;
}

let cached: AbstractSocketAddon | null | undefined;

/** Where the addon is looked for, relative to this module. */
export const ADDON_PATH = new URL('./native/build/Release/abstract_socket.node', import.meta.url);

/** The addon, or null when it cannot be loaded here. Loaded once. */
export function abstractSockets(): AbstractSocketAddon | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.platform !== 'linux') return cached;
  try {
    const mod = createRequire(import.meta.url)(fileURLToPath(ADDON_PATH)) as Partial<AbstractSocketAddon>;
    if (typeof mod.listen === 'function' && typeof mod.connect === 'function' && typeof mod.close === 'function') cached = mod as AbstractSocketAddon;
  } catch (e) {
    // Not built (no toolchain at install) or built for another Node ABI: TCP remains available.
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') process.emitWarning(`strand: abstract socket addon not loaded: ${String(e)}`);
  }
  return cached;
}
