// SPDX-License-Identifier: MIT
// Detects a reference shared instance on the Linux abstract unix socket `\0rns/<instance_name>`.
//
// Why only detect: node:net pads abstract socket names with NULs to the full sun_path length, so it
// can neither connect to nor offer the reference's exact-length name (protocol brief §4.5; seen
// with Node 20.20.2: ECONNREFUSED against a Python listener). Reaching it needs a native helper.
// What Node cannot reach it can still see: the kernel lists every listening unix socket in
// /proc/net/unix, abstract names with a leading '@'. An exact-length name shows as `@rns/default`;
// a padded one (what Node would create) shows trailing '@' characters for the NULs, so the two are
// told apart exactly.
import { readFile } from 'node:fs/promises';

/** The abstract name RNS uses for its shared instance (without the leading NUL). */
export function sharedInstanceSocketName(instanceName: string): string {
  return `rns/${instanceName}`;
}

/** Socket state "listening" in /proc/net/unix (the St column, SS_UNCONNECTED with __SO_ACCEPTCON). */
const ACCEPTCON_FLAG = 0x10000;

/**
 * Whether a process listens on the exact-length abstract socket `\0<name>`.
 * Returns null when /proc/net/unix cannot be read (not Linux, or a restricted container).
 */
export async function abstractSocketListening(name: string, procPath = '/proc/net/unix'): Promise<boolean | null> {
  let text: string;
  try {
    text = await readFile(procPath, 'utf8');
  } catch {
    // No procfs (macOS, Windows, some sandboxes): the caller treats "unknown" as "not seen".
    return null;
  }
  const wanted = `@${name}`;
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // Num RefCount Protocol Flags Type St Inode Path
    if (cols.length < 8) continue;
    const path = cols.slice(7).join(' ');
    if (path !== wanted) continue;
    const flags = Number.parseInt(cols[3] ?? '0', 16);
    if ((flags & ACCEPTCON_FLAG) !== 0) return true;
  }
  return false;
}
