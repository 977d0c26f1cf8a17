// SPDX-License-Identifier: MIT
// AnnouncePort over Transport: announces heard on the aspects the UI lists (lxmf.delivery,
// lxmf.propagation, nomadnetwork.node), with the display name read from app_data, and "announce
// now" for our own delivery destination. app_data comes from anyone on the mesh: the lxmf parsers
// never throw, and a NomadNet node name is plain UTF-8 that we cap before it reaches storage.
import type { Transport, AnnounceEvent } from '../../reticulum/transport/index.js';
import { toHex } from '../../reticulum/wire/index.js';
import { parseDeliveryAppData, parsePropagationAppData } from '../../lxmf/announce-data.js';
import type { AnnounceHeard, AnnouncePort, PortStatus } from '../ports.js';

/** The aspects whose announces are stored (by aspect) and shown. */
export const HEARD_ASPECTS = ['lxmf.delivery', 'lxmf.propagation', 'nomadnetwork.node'] as const;
const MAX_NAME = 128;

/** The display name an announce carries, by aspect; null when there is none or it is unreadable. */
export function displayNameOf(aspect: string, appData: Uint8Array | null): string | null {
  if (!appData || appData.length === 0) return null;
  let name: string | null = null;
  if (aspect === 'lxmf.delivery') name = parseDeliveryAppData(appData).displayName;
  else if (aspect === 'lxmf.propagation') name = parsePropagationAppData(appData)?.name ?? null;
  else if (aspect === 'nomadnetwork.node') name = new TextDecoder('utf-8', { fatal: false }).decode(appData);
  if (name === null) return null;
  // Control characters would let a peer forge lines in logs and confuse the UI.
  const clean = name.replace(/\p{Cc}/gu, '').trim().slice(0, MAX_NAME);
  return clean === '' ? null : clean;
}

export class LxmfAnnounces implements AnnouncePort {
  private readonly listeners = new Set<(a: AnnounceHeard) => void>();
  private readonly cleanups: (() => void)[] = [];

  /**
   * `announceDelivery` sends our lxmf.delivery announce (through the LXMF router once it runs);
   * `running` is the stack's state.
   */
  constructor(
    private readonly running: () => PortStatus,
    private readonly announceDelivery: (displayName: string) => void,
  ) {}

  /** Registers the announce handlers on a started Transport. */
  attach(transport: Pick<Transport, 'registerAnnounceHandler'>): void {
    for (const aspect of HEARD_ASPECTS) {
      this.cleanups.push(transport.registerAnnounceHandler({ aspectFilter: aspect, onAnnounce: (e) => this.heard(aspect, e) }));
    }
  }

  detach(): void {
    for (const c of this.cleanups.splice(0)) c();
  }

  status(): PortStatus {
    return this.running();
  }

  announce(displayName: string): Promise<void> {
    try {
      this.announceDelivery(displayName);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  subscribe(listener: (announce: AnnounceHeard) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private heard(aspect: string, e: Pick<AnnounceEvent, 'destinationHash' | 'identity' | 'appData' | 'hops'>): void {
    const row: AnnounceHeard = {
      aspect,
      destinationHash: toHex(e.destinationHash),
      identityHash: e.identity.hexHash,
      displayName: displayNameOf(aspect, e.appData),
      appData: e.appData,
      hops: e.hops,
    };
    for (const l of this.listeners) l(row);
  }
}
