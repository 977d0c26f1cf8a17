// SPDX-License-Identifier: MIT
// Public surface of Reticulum destinations: naming/hashing, the Destination class, announces.
export { appAndAspectsFromName, expandName, nameHash, destinationHash, hashFromNameAndIdentity } from './naming.js';
export { Destination, DestinationType, Direction, ProofStrategy, PR_TAG_WINDOW } from './destination.js';
export type { DestinationOptions, AnnounceOptions, DirectionValue, ProofStrategyValue, DestinationTypeValue } from './destination.js';
export {
  ANNOUNCE_MIN_LENGTH,
  RANDOM_HASH_LENGTH,
  announceEmittedAt,
  announcePacket,
  buildAnnouncePayload,
  makeAnnounceRandomHash,
  validateAnnounce,
  validateAnnouncePacket,
  parseAnnounce,
  parseAnnouncePacket,
  completeAnnounce,
} from './announce.js';
export type { AnnouncePayload, AnnouncePayloadInput, ParsedAnnounce, ValidatedAnnounce, ValidateAnnounceOptions } from './announce.js';
