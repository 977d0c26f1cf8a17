// SPDX-License-Identifier: MIT
// Typed domain events: services publish, the WebSocket hub (and tests) subscribe.
import type { MessageView } from './views.js';
import type { AnnounceHeard, SyncProgress } from './ports.js';
import type { MessageState } from './ports.js';

export interface StrandEvents {
  'message.new': { message: MessageView };
  'message.state': { id: string; peerHash: string; state: MessageState };
  'message.progress': { id: string; peerHash: string; progress: number };
  announce: Omit<AnnounceHeard, 'appData'> & { receivedAt: number };
  'sync.progress': SyncProgress;
  'interface.state': { name: string; enabled: boolean; online: boolean };
  /** Internal: a session ended (logout, revoke, password change); sockets using it must close. */
  'session.revoked': { sessionId: string | null };
}

export type EventName = keyof StrandEvents;
export type Listener<K extends EventName> = (payload: StrandEvents[K]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<K extends EventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<K extends EventName>(name: K, payload: StrandEvents[K]): void {
    for (const l of this.listeners.get(name) ?? []) l(payload);
  }
}
