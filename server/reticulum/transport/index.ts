// SPDX-License-Identifier: MIT
// Public surface of the Transport component.
export { Transport } from './transport.js';
export type {
  AnnounceEvent,
  AnnounceHandler,
  DestinationHandler,
  InboundPacket,
  LinkHandler,
  SendOptions,
  TransportClock,
  TransportComponents,
  TransportLogger,
  TransportOptions,
} from './types.js';
export { PacketReceipt, ReceiptStatus } from './receipts.js';
export type { ReceiptStatusValue } from './receipts.js';
export type { PathEntry } from './path-table.js';
export type { AnnounceRatePolicy } from './announce-control.js';
export { DEFAULT_RATE_POLICY } from './announce-control.js';
export { PATH_REQUEST_DESTINATION } from './path-requests.js';
export * as TransportDefaults from './constants.defaults.js';
export type { SharedRole } from './shared-instance.js';
