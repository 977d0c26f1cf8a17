// SPDX-License-Identifier: MIT
// Public surface of the LXMF router: the router, its persistence port and events.
export { LXMRouter } from './router.js';
export type { RouterComponents, SendInput } from './router.js';
export { MemoryMessageStore, isFinal } from './memory-store.js';
export { DEFAULT_MAX_INBOUND_SIZE, DEFAULT_TIMING, LINK_PROOF_TIMEOUT_S, MAX_DELIVERY_ATTEMPTS, MAX_PATHLESS_TRIES } from './types.js';
export type {
  DropReason,
  InboundInfo,
  MessageStore,
  OutboundRecord,
  ProgressEvent,
  RouterEvents,
  RouterLogger,
  RouterOptions,
  RouterTiming,
  StateEvent,
} from './types.js';
export type { InboundOutcome } from './inbound-pipeline.js';
