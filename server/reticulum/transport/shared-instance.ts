// SPDX-License-Identifier: MIT
// Shared-instance roles (RNS/Transport.py :: local_client_interfaces, is_local_client_interface,
// is_shared_instance, interface_to_shared_instance; protocol §4.5). Two situations:
//
// - We ARE the shared instance: every connection accepted by a Local server interface is a "local
//   client" (an RNS program attached to us). The reference forwards for local clients even with
//   transport off, counts them as zero hops away, and replays network announces to them at once.
// - We are ATTACHED to a shared instance: the instance does duplicate filtering and transport for
//   us, packets from it count one hop less, and one-hop destinations get HEADER_2 so the instance
//   injects them into transport.
import type { NetworkInterface } from '../interfaces/interface.js';
import { LocalClientInterface, LocalServerInterface } from '../interfaces/local.js';
import { UnixLocalClientInterface, UnixLocalServerInterface } from '../interfaces/unix/unix-local.js';

/** What an interface is to the shared-instance machinery. */
export type SharedRole = 'shared-server' | 'shared-client' | 'none';

/** The reference's classification by class; `addInterface(iface, { role })` overrides it. */
export function detectRole(iface: NetworkInterface): SharedRole {
  if (iface instanceof LocalServerInterface || iface instanceof UnixLocalServerInterface) return 'shared-server';
  if (iface instanceof LocalClientInterface || iface instanceof UnixLocalClientInterface) return 'shared-client';
  return 'none';
}

export class SharedRoles {
  private readonly roles = new Map<NetworkInterface, SharedRole>();
  /** Local clients (children of a shared-server interface) currently known. */
  private readonly clients = new Set<NetworkInterface>();
  /** shared-client interfaces that have been online at least once (a later online is a reconnect). */
  private readonly everOnline = new Set<NetworkInterface>();

  set(iface: NetworkInterface, role: SharedRole): void {
    if (role === 'none') this.roles.delete(iface);
    else this.roles.set(iface, role);
  }

  forget(iface: NetworkInterface): void {
    this.roles.delete(iface);
    this.everOnline.delete(iface);
  }

  roleOf(iface: NetworkInterface): SharedRole {
    return this.roles.get(iface) ?? 'none';
  }

  /** A child of `parent` came or went; records it as a local client when the parent is a shared server. */
  child(parent: NetworkInterface, child: NetworkInterface, online: boolean): void {
    if (this.roleOf(parent) !== 'shared-server' || child === parent) return;
    if (online) this.clients.add(child);
    else this.clients.delete(child);
  }

  /**
   * A shared-client interface changed state. Returns 'reappeared' when it came back after having
   * been online before (RNS shared_connection_reappeared), 'disappeared' when it went offline.
   */
  clientStatus(iface: NetworkInterface, online: boolean): 'reappeared' | 'disappeared' | null {
    if (this.roleOf(iface) !== 'shared-client') return null;
    if (!online) return this.everOnline.has(iface) ? 'disappeared' : null;
    if (this.everOnline.has(iface)) return 'reappeared';
    this.everOnline.add(iface);
    return null;
  }

  isLocalClient(iface: NetworkInterface): boolean {
    return this.clients.has(iface);
  }

  hasLocalClients(): boolean {
    return this.clients.size > 0;
  }

  localClients(): NetworkInterface[] {
    return [...this.clients];
  }

  /** Owner.is_connected_to_shared_instance: a shared-client interface is configured. */
  get connectedToShared(): boolean {
    for (const role of this.roles.values()) if (role === 'shared-client') return true;
    return false;
  }

  isToShared(iface: NetworkInterface): boolean {
    return this.roleOf(iface) === 'shared-client';
  }

  clear(): void {
    this.clients.clear();
  }
}
