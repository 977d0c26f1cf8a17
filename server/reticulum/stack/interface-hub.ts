// SPDX-License-Identifier: MIT
// NO LONGER USED BY THE STACK: it now hands interfaces to Transport.addInterface/removeInterface.
// Kept only because transport/shared-instance.test.ts imports it; delete it together with that test.
// Lets the stack add and remove interfaces while Transport runs. Transport takes a fixed interface
// list at construction, but it already registers "spawned" interfaces dynamically, as RNS does for
// the per-peer children of TCP servers and AutoInterface (see transport/interface-set.ts): a packet
// or an online status from an interface other than the configured parent adopts it, offline drops it
// and culls the paths learned over it. The hub is the one configured interface Transport sees; every
// real interface (and every child a server spawns) is reported to Transport as the hub's child.
//
// A real interface is reported itself until it spawns its first child; from then on only the
// children are, so a server is never sent to twice (InterfaceSet does the same for parents).
import type { InterfaceHandlers, InterfaceStats, NetworkInterface } from '../interfaces/interface.js';

interface Member {
  iface: NetworkInterface;
  reportedSelf: boolean;
  hasChildren: boolean;
  children: Set<NetworkInterface>;
}

/** The single interface handed to Transport; its members come and go. */
export class InterfaceHub implements NetworkInterface {
  readonly name = 'Strand interface hub';
  readonly mode = 'full' as const;
  readonly bitrate = 0;
  readonly hwMtu = undefined;
  readonly canTransmit = true;
  private transport: InterfaceHandlers | null = null;
  private readonly members = new Map<NetworkInterface, Member>();

  /**
   * @param onActivity called for every packet and status change of a member, so the stack can
   *   refresh its status list (the member is the configured interface, not the spawned child).
   */
  constructor(private readonly onActivity: (member: NetworkInterface, online: boolean | null) => void = () => undefined) {}

  /** Never online itself: Transport broadcasts only to the members reported as children. */
  get online(): boolean {
    return false;
  }

  attach(handlers: InterfaceHandlers): void {
    this.transport = handlers;
  }

  async start(): Promise<void> {
    // Members are started by the stack, one by one, so each failure is reported on its own.
  }

  async stop(): Promise<void> {
    // Members are stopped by the stack; Transport.stop() calls this after its own shutdown.
  }

  send(_packet: Uint8Array): void {
    // Never called while offline (Transport checks `online`); members are sent to directly.
  }

  stats(): InterfaceStats {
    return { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, dropped: {} };
  }

  /** Wires `iface` to Transport through the hub. Call before `iface.start()`. */
  add(iface: NetworkInterface): void {
    const member: Member = { iface, reportedSelf: false, hasChildren: false, children: new Set() };
    this.members.set(iface, member);
    iface.attach({
      onPacket: (packet, from) => {
        // Before Transport attaches nothing is recorded; sync() reports what is online then.
        if (this.members.get(iface) !== member || !this.transport) return;
        if (from !== iface) this.child(member, from, true);
        this.transport?.onPacket(packet, from);
        this.onActivity(iface, null);
      },
      onStatus: (from, online) => {
        if (this.members.get(iface) !== member || !this.transport) return;
        if (from === iface) this.self(member, online);
        else this.child(member, from, online);
        this.onActivity(iface, online);
      },
    });
  }

  /** Withdraws `iface` and its children from Transport (paths over them are culled). Call after stop(). */
  remove(iface: NetworkInterface): void {
    const member = this.members.get(iface);
    if (!member) return;
    this.members.delete(iface);
    for (const child of member.children) this.transport?.onStatus?.(child, false);
    if (member.reportedSelf) this.transport?.onStatus?.(iface, false);
  }

  /** Reports members that came online before Transport attached (their status was not recorded). */
  sync(): void {
    for (const member of this.members.values()) {
      if (member.iface.online && !member.reportedSelf && !member.hasChildren) this.self(member, true);
    }
  }

  /** The members, in the order they were added. */
  list(): NetworkInterface[] {
    return [...this.members.keys()];
  }

  private self(member: Member, online: boolean): void {
    if (online && member.hasChildren) return;
    member.reportedSelf = online;
    this.transport?.onStatus?.(member.iface, online);
  }

  private child(member: Member, from: NetworkInterface, online: boolean): void {
    if (online) {
      if (!member.hasChildren && member.reportedSelf) {
        member.reportedSelf = false;
        this.transport?.onStatus?.(member.iface, false);
      }
      member.hasChildren = true;
      if (member.children.has(from)) return;
      member.children.add(from);
    } else {
      member.children.delete(from);
    }
    this.transport?.onStatus?.(from, online);
  }
}
