// SPDX-License-Identifier: MIT
// Ports for a node whose Reticulum stack is not running. They do nothing behind the caller's back:
// status says so, submitted messages stay in state `outbound` in storage (the real router picks them
// up from there when it is wired in), and actions that need the network fail with 503.
import { AppError } from './errors.js';
import type { AnnouncePort, MessagingPort, PortStatus, PropagationPort, SyncProgress } from './ports.js';

export const RETICULUM_NOT_RUNNING = 'Reticulum not running';
const STATUS: PortStatus = { available: false, reason: RETICULUM_NOT_RUNNING };
const unavailable = () => new AppError('unavailable', 'RETICULUM_UNAVAILABLE', `${RETICULUM_NOT_RUNNING}: try again once the node is connected`);

export class UnavailableMessaging implements MessagingPort {
  status(): PortStatus {
    return STATUS;
  }
  submit(): void {
    // Nothing to hand over to: the message is already stored as `outbound`, which is the queue.
  }
  cancel(): boolean {
    // Nothing is in flight, so nothing can still be sent: cancelling always succeeds.
    return true;
  }
  subscribe(): () => void {
    return () => undefined;
  }
  ingestPaper(): Promise<{ messageHash: string }> {
    return Promise.reject(unavailable());
  }
}

export class UnavailableAnnounce implements AnnouncePort {
  status(): PortStatus {
    return STATUS;
  }
  announce(): Promise<void> {
    return Promise.reject(unavailable());
  }
  subscribe(): () => void {
    return () => undefined;
  }
}

export class UnavailablePropagation implements PropagationPort {
  status(): PortStatus {
    return STATUS;
  }
  syncNow(): Promise<void> {
    return Promise.reject(unavailable());
  }
  syncState(): SyncProgress {
    return { state: 'idle', progress: 0, messagesReceived: 0, nodeHash: null };
  }
  subscribe(): () => void {
    return () => undefined;
  }
}
