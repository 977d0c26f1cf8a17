// SPDX-License-Identifier: MIT
// Public surface of Reticulum links: the engine, requests, receipts and the scheduler seam.
export { Link } from './link.js';
export type { LinkCallbacks, InitiateOptions, AcceptOptions } from './link.js';
export type { LinkComponents, LinkOwner, LinkPeer, ProofStrategy } from './types.js';
export * from './constants.js';
export { signallingBytes, parseSignalling, requestSignalling } from './signalling.js';
export { realScheduler, ManualScheduler } from './scheduler.js';
export type { Scheduler, TimerHandle } from './scheduler.js';
export { LinkPacketReceipt, ReceiptStatus } from './receipt.js';
export { RequestReceipt, RequestStatus } from './request-receipt.js';
export type { RequestCallbacks } from './request-receipt.js';
export { RequestHandlers } from './request-handlers.js';
export type { RequestPolicy, RequestContext, RequestGenerator, RequestHandler, FileResponse } from './request-handlers.js';
export type { RequestOptions } from './link-requests.js';
export { LinkResources, DEFAULT_MAX_RESOURCE_SIZE } from './link-resources.js';
export type { ResourceStrategy } from './link-resources.js';
export { openLink, linkAcceptor, listenForLinks } from './transport-adapter.js';
export type { LinkTransportOptions, LinkListenerOptions } from './transport-adapter.js';
export { createMemoryPair, destinationHashFor, pumpUntil } from './memory-pair.js';
export type { MemoryPair, MemoryPairOptions, Direction as MemoryDirection } from './memory-pair.js';
