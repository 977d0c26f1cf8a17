// SPDX-License-Identifier: MIT
// Tunnels (RNS/Transport.py :: synthesize_tunnel, tunnel_synthesize_handler, handle_tunnel, and the
// tunnel branch of announce handling; protocol §5.7). A TCP client names itself to the node it
// connects to with a signed "tunnel synthesize" packet: tunnel id = SHA-256(transport public key ||
// SHA-256(the interface's name string)). The node remembers which paths it learned through that
// tunnel; when the same client reconnects (a new socket, the same tunnel id) those paths are
// restored over the new connection at once, instead of waiting for fresh announces.
//
// Threat model: the synthesize packet is signed by the sender's transport identity, so a peer can
// only ever claim its own tunnel; the table and each tunnel's paths are bounded, and entries expire.
import { randomBytes, sha256 } from '../crypto/index.js';
import { Identity } from '../identity/index.js';
import type { NetworkInterface } from '../interfaces/interface.js';
import { concatBytes, fromHex, toHex } from '../wire/bytes.js';
import { Context, DestinationType, PacketType } from '../wire/constants.js';
import type { Packet } from '../wire/packet.js';
import { BoundedMap } from './packet-cache.js';
import type { PathEntry, PathTable } from './path-table.js';
import { blobEmitted } from './path-table.js';

/** Hash of the PLAIN destination `rnstransport.tunnel.synthesize`. */
export const TUNNEL_SYNTHESIZE_DESTINATION = '91bf0910267b59b0e864e0d4c91602ca';
/** TUNNEL_TIMEOUT and TUNNEL_PATH_TIMEOUT: eight hours without use. */
export const TUNNEL_TIMEOUT_MS = 8 * 3600 * 1000;
/** public key (64) + interface hash (32) + random hash (16) + signature (64). */
export const TUNNEL_SYNTHESIZE_LENGTH = 64 + 32 + 16 + 64;
const MAX_TUNNELS = 1024;
const MAX_PATHS_PER_TUNNEL = 4096;

type TunnelPath = Omit<PathEntry, 'iface'>;

interface Tunnel {
  iface: NetworkInterface | null;
  paths: Map<string, TunnelPath>;
  expires: number;
}

/** The synthesize payload an interface sends when it (re)connects. */
export function synthesizeTunnelData(identity: Identity, interfaceName: string): Uint8Array {
  const idData = concatBytes(identity.publicKey, sha256(new TextEncoder().encode(interfaceName)));
  const signed = concatBytes(idData, randomBytes(16));
  return concatBytes(signed, identity.sign(signed));
}

/** The PLAIN broadcast packet carrying {@link synthesizeTunnelData}. */
export function synthesizeTunnelPacket(identity: Identity, interfaceName: string): Packet {
  return {
    ifac: false, headerType: 1, contextFlag: false, propagationType: 0, destinationType: DestinationType.PLAIN, packetType: PacketType.DATA,
    hops: 0, transportId: null, destinationHash: fromHex(TUNNEL_SYNTHESIZE_DESTINATION), context: Context.NONE, data: synthesizeTunnelData(identity, interfaceName),
  };
}

function newestEmission(blobs: readonly Uint8Array[]): number {
  let t = 0;
  for (const b of blobs) t = Math.max(t, blobEmitted(b));
  return t;
}

export class Tunnels {
  private readonly tunnels = new BoundedMap<Tunnel>(MAX_TUNNELS);
  private readonly byIface = new WeakMap<NetworkInterface, string>();

  constructor(private readonly paths: PathTable) {}

  get size(): number {
    return this.tunnels.size;
  }

  /** Whether the tunnel with this id (hex of the 32-byte hash) is known. */
  has(id: string): boolean {
    return this.tunnels.get(id) !== undefined;
  }

  /**
   * Handles a synthesize packet that arrived on `iface`. Returns what happened ('invalid' for a
   * wrong length or signature), and how many paths were restored to the new interface.
   */
  handleSynthesize(data: Uint8Array, iface: NetworkInterface, now: number): { result: 'invalid' | 'established' | 'restored'; restored: number } {
    if (data.length !== TUNNEL_SYNTHESIZE_LENGTH) return { result: 'invalid', restored: 0 };
    const publicKey = data.subarray(0, 64);
    const signed = data.subarray(0, 112);
    const signature = data.subarray(112);
    let identity: Identity;
    try {
      identity = Identity.fromPublicBytes(publicKey);
    } catch (error) {
      // Not a valid key pair encoding: the same outcome as a bad signature.
      void error;
      return { result: 'invalid', restored: 0 };
    }
    if (!identity.verify(signature, signed)) return { result: 'invalid', restored: 0 };
    const id = toHex(sha256(data.subarray(0, 96)));
    this.byIface.set(iface, id);
    const existing = this.tunnels.get(id);
    if (!existing) {
      this.tunnels.set(id, { iface, paths: new Map(), expires: now + TUNNEL_TIMEOUT_MS });
      return { result: 'established', restored: 0 };
    }
    existing.iface = iface;
    existing.expires = now + TUNNEL_TIMEOUT_MS;
    return { result: 'restored', restored: this.restore(existing, iface, now) };
  }

  /** An announce accepted on `iface` made `entry` the path: remember it if `iface` is a tunnel. */
  recordPath(iface: NetworkInterface, entry: PathEntry, now: number): void {
    const id = this.byIface.get(iface);
    const tunnel = id === undefined ? undefined : this.tunnels.get(id);
    if (!tunnel) return;
    const key = toHex(entry.destinationHash);
    if (!tunnel.paths.has(key) && tunnel.paths.size >= MAX_PATHS_PER_TUNNEL) return;
    const { iface: _iface, ...rest } = entry;
    void _iface;
    tunnel.paths.set(key, { ...rest, randomBlobs: [...entry.randomBlobs] });
    tunnel.expires = now + TUNNEL_TIMEOUT_MS;
  }

  /** handle_tunnel's restore loop: each remembered path, unless the table holds a better one. */
  private restore(tunnel: Tunnel, iface: NetworkInterface, now: number): number {
    let restored = 0;
    for (const [key, p] of [...tunnel.paths]) {
      const current = this.paths.get(p.destinationHash);
      let add: boolean;
      if (current) {
        add = (p.hops <= current.hops || now > current.expires) && newestEmission(p.randomBlobs) >= newestEmission(current.randomBlobs);
      } else {
        add = now < p.expires;
      }
      if (!add) {
        tunnel.paths.delete(key);
        continue;
      }
      const blobs = p.randomBlobs;
      const last = blobs[blobs.length - 1];
      if (!last) continue;
      const stored = this.paths.add({ ...p, timestamp: now, iface, randomBlob: last });
      stored.randomBlobs = [...blobs];
      restored++;
    }
    return restored;
  }

  /** Job step: expire tunnels and their unused paths. */
  cull(now: number): void {
    for (const [id, t] of [...this.tunnels.entries()]) {
      if (now > t.expires || t.expires > now + 2 * TUNNEL_TIMEOUT_MS) {
        this.tunnels.delete(id);
        continue;
      }
      for (const [key, p] of [...t.paths]) if (now > p.timestamp + TUNNEL_TIMEOUT_MS) t.paths.delete(key);
    }
  }

  clear(): void {
    this.tunnels.clear();
  }
}
