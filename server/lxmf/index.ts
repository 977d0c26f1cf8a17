// SPDX-License-Identifier: MIT
// Public surface of server/lxmf (message format, fields, stamps, tickets, announce data). The
// router (server/lxmf/router/) and propagation node (server/lxmf/propagation/) build on these.
export * from './constants.js';
export { LxmfError, LxmfDecodeError, LxmfArgumentError, LxmfStampError } from './errors.js';
export { LXMessage, utf8Bytes, utf8Text, deliveryDestinationHash } from './message.js';
export type { LxmFields, CreateMessageInput, UnpackOptions } from './message.js';
export {
  planDelivery,
  opportunisticPlaintext,
  packedFromOpportunistic,
  encryptedContainer,
  transientId,
  buildPropagated,
  withStamp,
  propagationPack,
  unpackPropagation,
  splitPropagationStamp,
  openEncryptedContainer,
} from './delivery.js';
export type { DeliveryPlan, PlanInput, PropagatedForm, EncryptToRecipient } from './delivery.js';
export { buildPaper, paperUri, decodePaperUri, paperDestinationHash } from './paper.js';
export type { PaperForm } from './paper.js';
export * from './fields.js';
export { TicketBook, MemoryTicketStore, ticketFieldValue, parseTicketField } from './tickets.js';
export type { TicketEntry, TicketStore, TicketBookComponents } from './tickets.js';
export {
  buildDeliveryAppData,
  parseDeliveryAppData,
  stampCostFromAppData,
  compressionSupportFromAppData,
  buildPropagationAppData,
  parsePropagationAppData,
} from './announce-data.js';
export type { DeliveryAnnounceInput, DeliveryAnnounceData, PropagationAnnounceInput, PropagationAnnounceData } from './announce-data.js';
export * from './stamps/index.js';
export { checkInboundStamp } from './inbound.js';
export type { InboundStampInput, InboundStampVerdict } from './inbound.js';
export * from './router/index.js';
export * from './propagation/index.js';
