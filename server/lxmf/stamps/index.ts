// SPDX-License-Identifier: MIT
// Public surface of LXMF stamps: workblock arithmetic (this thread) and the worker pool.
export {
  MAX_STAMP_COST,
  checkCost,
  stampWorkblock,
  leadingZeroBits,
  meetsCost,
  stampValue,
  stampValid,
  ticketStamp,
  matchTicketStamp,
  validateMessageStamp,
  validatePnStamp,
  peeringId,
  validatePeeringKey,
} from './workblock.js';
export type { StampCheck, ValidatedPnEntry } from './workblock.js';
export { StampWorkerPool } from './pool.js';
export type { GeneratedStamp, GenerateOptions, StampWorkerPoolOptions } from './pool.js';
export { messageStampFor, stampWanted, validateMessageStampOffThread } from './message-stamps.js';
export type { MessageStampSource } from './message-stamps.js';
