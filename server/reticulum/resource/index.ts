// SPDX-License-Identifier: MIT
// Public surface of Reticulum resources (bulk transfer over a link).
export { OutgoingResource } from './outgoing.js';
export type { OutgoingResourceOptions } from './outgoing.js';
export { IncomingResource } from './incoming.js';
export type { IncomingResourceOptions } from './incoming.js';
export { packAdvertisement, unpackAdvertisement, advFlags, hashmapSegment, hasFlag, AdvFlags } from './advertisement.js';
export type { ResourceAdvertisement } from './advertisement.js';
export { bz2Compress, bz2Decompress } from './bz2.js';
export type { ResourceLinkPort, SentLinkPacket } from './port.js';
export * from './constants.js';
